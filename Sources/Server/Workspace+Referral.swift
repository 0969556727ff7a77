import CaseStore
import Foundation
import Hummingbird
import ZIPFoundation

/// The referral package of a case as one zip: its last ring's folder of the run (referral.pdf,
/// referral.md, the diagram, members, evidence, links and photos), under a folder named after
/// the case and ring, plus `case-history.txt` with the case's history and outcomes as
/// `ringscope case show` lists them. Built in memory (a ring folder is a few MB), files in name
/// order, each with its own modification time, so the same run gives the same zip.
extension Workspace {
    func referralZip(id: String) throws -> Response {
        let detail = try store.detail(of: id)
        let summary = detail.summary
        guard let run = try store.runs().first(where: { $0.id == summary.lastRun }), let folder = folders.folder(of: run) else {
            throw WorkspaceError(.notFound, "the run folder of \(summary.id)'s last run is missing, so there is no package to download; start the server with --runs DIR where the run folders now are")
        }
        guard RunFolders.isPlainName(summary.lastRing) else { throw WorkspaceError(.notFound, "the ring id \(summary.lastRing) is not a plain name") }
        let ringFolder = URL(fileURLWithPath: folder).appendingPathComponent("rings").appendingPathComponent(summary.lastRing)
        let files = Workspace.regularFiles(under: ringFolder)
        guard !files.isEmpty else { throw WorkspaceError(.notFound, "the run folder has no package for ring \(summary.lastRing)") }
        let root = "\(summary.id)-\(summary.lastRing)/"
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
            for file in files {
                let data = try Data(contentsOf: ringFolder.appendingPathComponent(file))
                let modified = (try? FileManager.default.attributesOfItem(atPath: ringFolder.appendingPathComponent(file).path)[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
                try Workspace.add(data, as: root + file, modified: modified, to: archive)
            }
            var history = "\(summary.id)  \(summary.status.rawValue)  \(summary.summary)\nring \(summary.lastRing) of \(run.label)\n\nhistory:\n"
            history += detail.history.map { "  " + $0.sentence + "\n" }.joined()
            history += "\noutcomes:\n" + (detail.outcomes.isEmpty ? "  none recorded\n" : detail.outcomes.map { "  \($0.sentence), reported by \($0.who)\n" }.joined())
            try Workspace.add(Data(history.utf8), as: root + "case-history.txt", modified: Date(timeIntervalSince1970: 0), to: archive)
        } catch {
            throw WorkspaceError(.internalServerError, "the referral package could not be packed: \(error)")
        }
        guard let data = archive.data else { throw WorkspaceError(.internalServerError, "the referral package could not be packed") }
        return Response(status: .ok, headers: [
            .contentType: "application/zip",
            .contentDisposition: "attachment; filename=\"\(summary.id)-\(summary.lastRing)-referral.zip\"",
            .cacheControl: "no-store",
        ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func add(_ data: Data, as path: String, modified: Date, to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                             compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position) ..< Int(position) + size)
        }
    }

    /// Regular files under `folder` (symbolic links and anything else skipped), as relative paths in name order.
    static func regularFiles(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else { return [] }
        var files: [String] = []
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            let path = url.standardizedFileURL.path
            if path.hasPrefix(base) { files.append(String(path.dropFirst(base.count))) }
        }
        return files.sorted()
    }
}
