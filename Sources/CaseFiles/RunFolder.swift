import SellerGraph
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run's output folder, written atomically: everything goes into a hidden staging folder
/// beside the destination, which takes the destination's place only in ``commit()``, in one
/// atomic exchange (``RunFolderExchange``): at every instant either the previous run or the new
/// one is there, whatever kills the process when. A crash or Ctrl-C before that leaves the
/// previous run intact and no half-written folder in its place.
///
/// The destination must be absent, an empty folder, or a previous run that holds nothing but
/// what its manifest lists (``RunDestination``); anything else is refused with a message saying
/// what is there, so `--out` never deletes a file of the user's. The check runs when the folder
/// is opened (before any analysis) and again just before the exchange. While the folder is
/// open it holds a lock on the destination (``RunLock``): a second run into the same folder is
/// refused instead of clearing the first's staging folder.
public final class RunFolder {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// A file written into the run, for the manifest.
    public struct WrittenFile: Sendable, Codable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public let destination: String
    public let staging: String
    public internal(set) var files: [WrittenFile] = []
    /// The destination as the user gave it, for messages.
    let shownDestination: String
    private var committed = false
    private var lock: RunLock?

    /// Opens a run folder for `destination`: checks what is there, takes the lock, clears staging
    /// folders of runs that died, and creates this run's staging folder. Throws ``Error`` with
    /// one line saying what is wrong (a file in the path, a folder of the user's, a full disk…).
    public init(destination: String) throws {
        shownDestination = destination
        guard !destination.isEmpty else {
            throw Error(description: "error: the run folder is an empty path; give a folder, e.g. --out output/demo")
        }
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        self.destination = url.path
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        try RunDestination.prepareParent(parent, for: destination)
        try RunDestination.checkFreeSpace(parent, shown: destination)
        lock = try RunLock(destination: self.destination, shown: destination)
        RunLock.clearAbandonedStaging(parent: parent, name: name, destination: self.destination)
        try RunDestination.checkReplaceable(self.destination, shown: destination)
        staging = parent + "/." + name + RunLock.stagingInfix + String(getpid())
        PosixFiles.removeTree(staging)  // only a run of this process id that died could have left it
        do {
            try PosixFiles.makeDirectory(staging)
        } catch {
            throw Error(description: "\(terminalSafe(destination)): error: cannot create the run beside it: \(PosixFiles.reason(error.code))")
        }
    }

    deinit {
        if !committed { PosixFiles.removeTree(staging) }
    }

    /// Writes `bytes` at `relativePath` (made of sanitised components) inside the run.
    public func write(_ relativePath: String, _ bytes: [UInt8], recorded: Bool = true) throws {
        precondition(Manifest.isSafeRelativePath(relativePath), "unsafe path \(relativePath)")
        do {
            let components = relativePath.split(separator: "/")
            if components.count > 1 {
                try PosixFiles.makeDirectories(components.dropLast().joined(separator: "/"), under: staging)
            }
            try PosixFiles.writeNewFile(staging + "/" + relativePath, bytes)
        } catch {
            throw Error(description: "\(terminalSafe(shownDestination)): error: cannot write \(terminalSafe(relativePath)) of the run: \(PosixFiles.reason(error.code)); the previous run, if any, is untouched")
        }
        if recorded {
            files.append(WrittenFile(path: relativePath, bytes: bytes.count, sha256: sha256Hex(bytes)))
        }
    }

    public func write(_ relativePath: String, text: String) throws {
        try write(relativePath, Array(text.utf8))
    }

    /// Puts the staged run in the destination's place in one atomic step, after checking again
    /// that the destination holds nothing but a previous run; the previous run is then removed.
    public func commit() throws {
        try RunDestination.checkReplaceable(destination, shown: shownDestination)
        let retired = try RunFolderExchange.replace(destination, with: staging, shown: shownDestination)
        committed = true
        if let retired { PosixFiles.removeTree(retired) }
        lock = nil
    }
}

/// SHA-256 of bytes as lowercase hex.
public func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
    SHA256.hash(data: bytes).map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
    }.joined()
}

/// A file name made safe from an id: letters, digits, `-`, `_` and `.` kept, everything else
/// `_`; no leading dot, never `.`/`..`, at most 80 bytes, never a reserved device name.
/// Collisions between sanitised names are the caller's to resolve (see ``SafeNames``).
public func sanitizedFileName(_ id: String) -> String {
    var name = ""
    for scalar in id.unicodeScalars {
        let isSafe = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
            || scalar == "-" || scalar == "_" || scalar == "."
        name.unicodeScalars.append(isSafe ? scalar : "_")
    }
    while name.hasPrefix(".") { name = "_" + name.dropFirst() }
    if name.isEmpty { name = "_" }
    if name.utf8.count > 80 { name = String(name.prefix(80)) }
    let reserved: Set<String> = ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3"]
    if reserved.contains(name.uppercased().split(separator: ".").first.map(String.init) ?? "") { name = "_" + name }
    return name
}

/// Assigns distinct safe file names to ids, in the order given: a later id whose sanitised
/// name is taken gets `~2`, `~3`… so the result is deterministic.
public struct SafeNames {
    private var taken: Set<String> = []
    public init() {}

    public mutating func name(for id: String) -> String {
        let base = sanitizedFileName(id)
        var candidate = base
        var counter = 2
        while taken.contains(candidate.lowercased()) {
            candidate = base + "~\(counter)"
            counter += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }
}
