import Foundation

/// Re-hashes a run folder against its `manifest.json` (`ringscope verify`).
public struct RunVerifier {
    public struct Report: Sendable {
        public var checked = 0
        public var changed: [String] = []
        public var missing: [String] = []
        public var added: [String] = []
        public var isIntact: Bool { changed.isEmpty && missing.isEmpty && added.isEmpty }

        public var lines: [String] {
            changed.map { "changed: \($0)" } + missing.map { "missing: \($0)" } + added.map { "added: \($0)" }
        }
    }

    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    public init() {}

    /// Compares every file of the run with the manifest: changed (hash or size differs), missing,
    /// or added since (any file the manifest does not list, except the manifest itself).
    public func verify(runDirectory: String) throws -> Report {
        let manifestPath = runDirectory + "/" + Manifest.fileName
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw Error(description: "\(manifestPath): error: no manifest.json; is \(runDirectory) a RingScope run folder?")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw Error(description: "\(manifestPath): error: not a RingScope manifest (\(error))")
        }
        var report = Report()
        var listed: Set<String> = []
        for file in manifest.outputs {
            listed.insert(file.path)
            report.checked += 1
            guard let bytes = FileManager.default.contents(atPath: runDirectory + "/" + file.path) else {
                report.missing.append(file.path)
                continue
            }
            if bytes.count != file.bytes || sha256Hex(bytes) != file.sha256 { report.changed.append(file.path) }
        }
        let root = URL(fileURLWithPath: runDirectory).standardizedFileURL.path
        if let enumerator = FileManager.default.enumerator(atPath: root) {
            var present: [String] = []
            while let path = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) else { continue }
                if !isDirectory.boolValue { present.append(path) }
            }
            report.added = present.filter { $0 != Manifest.fileName && !listed.contains($0) }.sorted()
        }
        // The manifest's own run hash must still match what it lists.
        if Manifest.hash(parameters: manifest.parameters, inputs: manifest.inputs, outputs: manifest.outputs, skipped: manifest.skipped) != manifest.runHash {
            report.changed.append(Manifest.fileName)
        }
        return report
    }
}
