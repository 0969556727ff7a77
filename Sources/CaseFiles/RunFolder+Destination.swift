import SellerGraph
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks on `--out` that run before any analysis, each failing with one line that says
/// what is wrong and what to do: a file where a folder of the path should be, a symbolic link
/// (dangling or not) as the run folder, a virtual file system such as /proc, a full disk, and a
/// folder that holds anything but a previous run.
enum RunDestination {
    /// Less free space than this is a full disk: a run of the demo takes about 2 MB.
    static let minimumFreeBytes: UInt64 = 1 << 20

    /// Checks that every existing folder on the way to the run folder is a folder (following
    /// links, as the user would), and creates the missing ones.
    static func prepareParent(_ parent: String, for shown: String) throws(RunFolder.Error) {
        var path = ""
        for component in parent.split(separator: "/") {
            path += "/" + component
            switch PosixFiles.kind(of: path) {
            case .absent:
                do {
                    try PosixFiles.makeDirectory(path)
                } catch {
                    throw failure(shown, "cannot create the folder \(terminalSafe(path)): \(PosixFiles.reason(error.code))")
                }
            case .directory:
                continue
            case .symbolicLink(let target):
                guard PosixFiles.isDirectoryFollowingLinks(path) else {
                    throw failure(shown, "\(terminalSafe(path)) is a symbolic link to \(terminalSafe(target)), which is not a folder; choose another --out")
                }
            case .regularFile:
                throw failure(shown, "\(terminalSafe(path)) is a file, not a folder, so it cannot hold the run; choose another --out")
            case .other(let what):
                throw failure(shown, "\(terminalSafe(path)) is \(what), not a folder; choose another --out")
            }
        }
    }

    /// Refuses a folder with less than ``minimumFreeBytes`` free, or on a file system that
    /// holds no files (/proc, /sys).
    static func checkFreeSpace(_ parent: String, shown: String) throws(RunFolder.Error) {
        var status = statvfs()
        guard statvfs(parent, &status) == 0 else { return }
        if status.f_blocks == 0 {
            throw failure(shown, "\(terminalSafe(parent)) is on a virtual file system (like /proc or /sys) that cannot hold a run; choose another --out")
        }
        let free = UInt64(status.f_bavail) * UInt64(status.f_frsize)
        if free < minimumFreeBytes {
            throw failure(shown, "the disk holding \(terminalSafe(parent)) is full (\(free / 1024) KB free); free some space and run again")
        }
    }

    /// Throws unless `destination` is absent, an empty folder, or a previous run holding nothing
    /// but the files its genuine manifest lists (and the folders that hold them).
    static func checkReplaceable(_ destination: String, shown: String) throws(RunFolder.Error) {
        switch PosixFiles.kind(of: destination) {
        case .absent:
            return
        case .symbolicLink(let target):
            if PosixFiles.kind(of: target.hasPrefix("/") ? target : (destination as NSString).deletingLastPathComponent + "/" + target) == .absent {
                throw failure(shown, "is a symbolic link to \(terminalSafe(target)), which does not exist; remove the link or choose another --out")
            }
            throw failure(shown, "is a symbolic link (to \(terminalSafe(target))); give the folder itself as --out")
        case .regularFile:
            throw failure(shown, "exists and is a file, not a folder; choose another --out")
        case .other(let what):
            throw failure(shown, "exists and is \(what), not a folder; choose another --out")
        case .directory:
            break
        }
        let present = PosixFiles.tree(under: destination)
        if present.isEmpty { return }
        let refusal = "RingScope replaces a folder only when it holds a previous run and nothing else; move them out, or choose another --out"
        guard PosixFiles.kind(of: destination + "/" + Manifest.fileName) == .regularFile,
              let data = FileManager.default.contents(atPath: destination + "/" + Manifest.fileName) else {
            throw failure(shown, "is not a RingScope run (no manifest.json) and holds \(listing(present)); \(refusal)")
        }
        let manifest: Manifest
        do {
            manifest = try Manifest.genuine(data)
        } catch {
            throw failure(shown, "holds a manifest.json that is \(error.description), so it is not a RingScope run; it holds \(listing(present)); \(refusal)")
        }
        let allowed = manifest.pathsOfTheRun
        let foreign = present.filter { path in
            guard allowed.contains(Array(path.utf8)) else { return true }
            return !path.hasSuffix("/") && PosixFiles.kind(of: destination + "/" + path) != .regularFile
        }
        if !foreign.isEmpty {
            throw failure(shown, "holds \(listing(foreign)) that the previous run's manifest does not list; \(refusal)")
        }
    }

    /// "3 entries: notes.txt, dataset/, …": the outermost of `paths` (a folder stands for what it holds).
    static func listing(_ paths: [String]) -> String {
        let outermost = paths.filter { path in
            !paths.contains { $0.hasSuffix("/") && $0 != path && path.hasPrefix($0) }
        }
        let shown = outermost.prefix(5).map(terminalSafe).joined(separator: ", ")
        let more = outermost.count > 5 ? ", …" : ""
        return "\(outermost.count) \(outermost.count == 1 ? "entry" : "entries") (\(shown)\(more))"
    }

    static func failure(_ shown: String, _ message: String) -> RunFolder.Error {
        RunFolder.Error(description: "\(terminalSafe(shown)): error: \(message)")
    }
}
