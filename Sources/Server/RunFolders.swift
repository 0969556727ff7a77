import CaseFiles
import CaseStore
import Foundation

/// The run folders behind a case store: where each recorded run's folder is now, whether it
/// passes `verify`, and safe paths to the files the pages show.
///
/// File routes never take a path from the request: a run is named by its number, a ring by an id
/// that must look like one (letters, digits, `-`, `_`), a file by a name from a fixed list or an
/// image name of the same plain form; the resolved path must still lie inside the run folder
/// after symbolic links are followed.
final class RunFolders: @unchecked Sendable {
    enum Integrity: Sendable, Equatable {
        case intact
        case failed([String])
        case missing(String)
    }

    let runsDirectory: String?
    private let integrity = OnceCache<Integrity>()
    private let tables = OnceCache<RunTable>()
    private let indexed = OnceCache<IndexedRunTable>()

    init(runsDirectory: String?) {
        self.runsDirectory = runsDirectory
    }

    /// The run's folder on disk, or nil when neither the recorded path nor `--runs DIR/<name>` exists.
    func folder(of run: RunInfo) -> String? {
        var candidates = [run.runFolder]
        if let runsDirectory {
            let name = URL(fileURLWithPath: run.runFolder).lastPathComponent
            candidates.insert((runsDirectory as NSString).appendingPathComponent(name), at: 0)
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue { return candidate }
        }
        return nil
    }

    /// Whether the run folder is there and passes `ringscope verify` (its manifest's hashes);
    /// checked once per run (concurrent first askers wait for that one check) and remembered
    /// while the server runs.
    func integrity(of run: RunInfo) -> Integrity {
        integrity.value(for: String(run.id)) { () -> Integrity? in
            guard let folder = folder(of: run) else { return .missing(run.runFolder) }
            do {
                let report = try RunVerifier().verify(runDirectory: folder)
                return report.isIntact ? Integrity.intact : Integrity.failed(report.lines)
            } catch {
                return Integrity.failed(["\(error)"])
            }
        } ?? .missing(run.runFolder)
    }

    /// A run-wide table (factories.csv, places.csv), read once and kept while the server runs:
    /// every case page of the run filters it, and a million-seller run's tables are megabytes.
    /// Nil when the file is not in the run folder or cannot be read.
    func sharedTable(run: RunInfo, file: String) -> RunTable? {
        tables.value(for: "\(run.id)/\(file)") {
            runFile(run: run, file: file).flatMap { try? RunTable(path: $0, limit: RunFolders.sharedTableRows) }
        }
    }

    /// A run-wide table indexed by `column` (``IndexedRunTable``), built once per run and file.
    func indexedTable(run: RunInfo, file: String, column: String) -> IndexedRunTable? {
        indexed.value(for: "\(run.id)/\(file)#\(column)") {
            sharedTable(run: run, file: file).map { IndexedRunTable($0, column: column) }
        }
    }

    /// The most rows kept of a run-wide table.
    static let sharedTableRows = 2_000_000

    /// A ring id as runs write them (`R-1a64293c`): ASCII letters, digits, `-` and `_`, 1–64 long.
    static func isPlainName(_ text: some StringProtocol, allowingDot: Bool = false) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 64, text.first != "." else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
                || (allowingDot && byte == 0x2E)
        }
    }

    /// The path of `file` in ring `ring`'s folder of `run` (`file` a plain name such as
    /// `diagram.svg` or `images/IM5eaf3564.png`), only if it exists inside the run folder.
    func ringFile(run: RunInfo, ring: String, file: String) -> String? {
        guard let folder = folder(of: run), RunFolders.isPlainName(ring) else { return nil }
        let parts = file.split(separator: "/", omittingEmptySubsequences: false)
        guard (1 ... 2).contains(parts.count), parts.allSatisfy({ RunFolders.isPlainName($0, allowingDot: true) }),
              parts.count == 1 || parts[0] == "images" else { return nil }
        return contained(folder: folder, relative: "rings/\(ring)/\(file)")
    }

    /// A top-level file of the run folder (`map.svg`, `factories.csv`…) by plain name.
    func runFile(run: RunInfo, file: String) -> String? {
        guard let folder = folder(of: run), RunFolders.isPlainName(file, allowingDot: true) else { return nil }
        return contained(folder: folder, relative: file)
    }

    /// `folder/relative` when it is a regular file whose real path lies inside `folder`'s real path.
    private func contained(folder: String, relative: String) -> String? {
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        let path = URL(fileURLWithPath: folder).appendingPathComponent(relative).resolvingSymlinksInPath().path
        guard path.hasPrefix(root + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return path
    }
}
