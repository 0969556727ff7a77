import SellerGraph
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Re-hashes a run folder against its `manifest.json` and checks its signature (`ringscope verify`).
///
/// It reads only what the manifest lists, and only inside the run: a manifest whose paths are
/// not plain paths inside the run (`../../etc/hostname`) is refused before anything is read, and
/// no symbolic link is followed (a listed file replaced by a link is reported as changed). Every
/// file and folder not listed is reported as added, empty folders included.
public struct RunVerifier {
    /// What a signature check found.
    public enum Signature: Sendable, Equatable {
        /// No `manifest.json.sig`: anyone could have edited a file and its hash together.
        case notSigned
        /// Signed, but no public key was given to check it with.
        case signedNotChecked
        /// The signature is valid under the given key.
        case valid(fingerprint: String)
        /// The signature does not match `manifest.json` under the given key.
        case invalid(fingerprint: String)
    }

    public struct Report: Sendable {
        public var checked = 0
        public var changed: [String] = []
        public var missing: [String] = []
        public var added: [String] = []
        /// Why a changed file counts as changed, when it is not its bytes (a symbolic link…).
        public var notes: [String: String] = [:]
        public var signature = Signature.notSigned
        /// Whether a public key was given: then an unsigned run fails the check.
        public var requiresSignature = false

        public var isIntact: Bool {
            guard changed.isEmpty && missing.isEmpty && added.isEmpty else { return false }
            switch signature {
            case .invalid: return false
            case .notSigned: return !requiresSignature
            case .signedNotChecked, .valid: return true
            }
        }

        /// One line per problem, every path escaped for the terminal.
        public var lines: [String] {
            var lines = changed.map { "changed: \(terminalSafe($0))" + (notes[$0].map { " (\($0))" } ?? "") }
            lines += missing.map { "missing: \(terminalSafe($0))" }
            lines += added.map { "added: \(terminalSafe($0))" }
            if case .invalid(let fingerprint) = signature {
                lines.append("changed: \(Manifest.fileName) (its signature does not match under key \(fingerprint): the manifest was edited, or signed with another key)")
            }
            return lines
        }

        /// One line on the signature.
        public var signatureLine: String {
            switch signature {
            case .notSigned: "not signed: the files match manifest.json, but nothing proves who wrote it"
            case .signedNotChecked: "signed, signature not checked: give --public-key to check it"
            case .valid(let fingerprint): "signature valid: key \(fingerprint)"
            case .invalid(let fingerprint): "signature INVALID under key \(fingerprint)"
            }
        }
    }

    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    public init() {}

    /// Compares every file of the run with the manifest: changed (hash or size differs, or not a
    /// regular file any more), missing, or added since (any file or folder the manifest does not
    /// list, except the manifest and its signature); with `publicKey`, checks the signature.
    public func verify(runDirectory: String, publicKey: RunSignature.VerifyingKey? = nil) throws -> Report {
        let root = URL(fileURLWithPath: runDirectory).standardizedFileURL.path
        let shown = terminalSafe(runDirectory)
        guard PosixFiles.kind(of: root) == .directory else {
            throw Error(description: "\(shown): error: not a folder; give a run folder written by 'ringscope analyze'")
        }
        let manifestBytes: [UInt8]
        switch readInside(root, Manifest.fileName) {
        case .bytes(let bytes): manifestBytes = bytes
        case .missing: throw Error(description: "\(shown)/manifest.json: error: no manifest.json; is \(shown) a RingScope run folder?")
        case .notRegular(let what): throw Error(description: "\(shown)/manifest.json: error: is \(what), not the manifest RingScope wrote")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(manifestBytes))
        } catch {
            throw Error(description: "\(shown)/manifest.json: error: not a RingScope manifest (\(error.localizedDescription))")
        }
        for path in manifest.outputs.map(\.path) + manifest.inputs.map(\.path) where !Manifest.isSafeRelativePath(path) {
            throw Error(description: "\(shown)/manifest.json: error: lists the path \"\(terminalSafe(path))\", which is not a plain path inside the run; nothing was read")
        }

        var report = Report()
        report.requiresSignature = publicKey != nil
        switch readInside(root, Manifest.signatureFileName) {
        case .bytes(let signature):
            if let publicKey {
                let fingerprint = publicKey.fingerprint
                report.signature = RunSignature.isValid(signature, of: manifestBytes, under: publicKey)
                    ? .valid(fingerprint: fingerprint) : .invalid(fingerprint: fingerprint)
            } else {
                report.signature = .signedNotChecked
            }
        case .missing:
            report.signature = .notSigned
        case .notRegular(let what):
            report.changed.append(Manifest.signatureFileName)
            report.notes[Manifest.signatureFileName] = "\(what), not a signature file"
            report.signature = publicKey.map { .invalid(fingerprint: $0.fingerprint) } ?? .signedNotChecked
        }

        let listed = manifest.pathsOfTheRun
        for file in manifest.outputs {
            report.checked += 1
            switch readInside(root, file.path) {
            case .missing:
                report.missing.append(file.path)
            case .notRegular(let what):
                report.changed.append(file.path)
                report.notes[file.path] = "\(what), not the file RingScope wrote"
            case .bytes(let bytes):
                if bytes.count != file.bytes || sha256Hex(bytes) != file.sha256 { report.changed.append(file.path) }
            }
        }
        report.added = PosixFiles.tree(under: root).filter { !listed.contains(Array($0.utf8)) }
        // The manifest's own run hash must still match what it records.
        if manifest.tool != "ringscope" || manifest.computedRunHash() != manifest.runHash {
            report.changed.append(Manifest.fileName)
            report.notes[Manifest.fileName] = "its run hash does not match what it records"
        }
        return report
    }

    private enum Read {
        case bytes([UInt8])
        case missing
        case notRegular(String)
    }

    /// Reads `relative` under `root`, one component at a time with `O_NOFOLLOW`, so that no
    /// symbolic link inside the run is followed and nothing outside it is read.
    private func readInside(_ root: String, _ relative: String) -> Read {
        var directory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return .missing }
        let components = relative.split(separator: "/").map(String.init)
        for (position, component) in components.enumerated() {
            let isLast = position == components.count - 1
            var status = stat()
            guard fstatat(directory, component, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
                close(directory)
                return .missing
            }
            let type = status.st_mode & S_IFMT
            if !isLast {
                guard type == S_IFDIR else {
                    close(directory)
                    return .notRegular(type == S_IFLNK ? "a folder on its path is a symbolic link" : "a folder on its path is not a folder")
                }
                let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                close(directory)
                guard next >= 0 else { return .missing }
                directory = next
                continue
            }
            guard type == S_IFREG else {
                close(directory)
                return .notRegular(type == S_IFLNK ? "a symbolic link" : fileTypeName(status.st_mode))
            }
            let file = openat(directory, component, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            close(directory)
            guard file >= 0 else { return .missing }
            defer { close(file) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
                if count < 0 { if errno == EINTR { continue }; return .notRegular("unreadable") }
                if count == 0 { break }
                bytes += chunk[0 ..< count]
            }
            return .bytes(bytes)
        }
        close(directory)
        return .missing
    }
}
