import Crypto
import Foundation

/// A run's output folder, written atomically: everything goes into a hidden staging folder
/// beside the destination, which replaces the destination only in ``commit()``. A crash or
/// Ctrl-C before that leaves the previous run intact and no half-written folder in its place.
///
/// The destination must be absent, empty, or a previous RingScope run (it holds a
/// `manifest.json` written by RingScope); anything else is refused, so `--out` can never wipe
/// a folder of the user's.
public final class RunFolder {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    /// A file written into the run, for the manifest.
    public struct WrittenFile: Sendable, Codable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public let destination: String
    public let staging: String
    public private(set) var files: [WrittenFile] = []
    private var committed = false

    public init(destination: String) throws {
        let manager = FileManager.default
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        self.destination = url.path
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: self.destination, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw Error(description: "\(destination): error: exists and is not a folder; choose another --out")
            }
            let contents = (try? manager.contentsOfDirectory(atPath: self.destination)) ?? []
            if !contents.isEmpty && !RunFolder.isRingScopeRun(self.destination) {
                throw Error(description: "\(destination): error: folder exists and is not a RingScope run (no RingScope manifest.json); refusing to overwrite it. Choose another --out or remove it.")
            }
        }
        let parent = url.deletingLastPathComponent().path
        try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        // Staging folders of runs that were killed are left hidden; clear them.
        let prefix = "." + url.lastPathComponent + ".ringscope-staging-"
        for name in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            try? manager.removeItem(atPath: parent + "/" + name)
        }
        staging = parent + "/" + prefix + String(ProcessInfo.processInfo.processIdentifier)
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: staging) }
    }

    static func isRingScopeRun(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path + "/manifest.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["tool"] as? String == "ringscope"
    }

    /// Writes `bytes` at `relativePath` (made of sanitised components) inside the run.
    public func write(_ relativePath: String, _ bytes: [UInt8], recorded: Bool = true) throws {
        precondition(!relativePath.hasPrefix("/") && !relativePath.split(separator: "/").contains(".."), "unsafe path \(relativePath)")
        let url = URL(fileURLWithPath: staging + "/" + relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        if recorded {
            files.append(WrittenFile(path: relativePath, bytes: bytes.count, sha256: sha256Hex(bytes)))
        }
    }

    public func write(_ relativePath: String, text: String) throws {
        try write(relativePath, Array(text.utf8))
    }

    /// Replaces the destination with the staged run.
    public func commit() throws {
        let manager = FileManager.default
        var retired: String?
        if manager.fileExists(atPath: destination) {
            retired = staging + ".previous"
            try manager.moveItem(atPath: destination, toPath: retired!)
        }
        do {
            try manager.moveItem(atPath: staging, toPath: destination)
        } catch {
            if let retired { try? manager.moveItem(atPath: retired, toPath: destination) }
            throw error
        }
        committed = true
        if let retired { try? manager.removeItem(atPath: retired) }
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
