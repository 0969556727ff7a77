import SellerGraph
import Foundation

/// Telling a RingScope manifest from a file that only looks like one.
///
/// `analyze` replaces a folder only if it holds a previous run, and `verify` reads only the
/// paths a manifest lists; both rest on this check. A manifest is genuine when it decodes with
/// every field, names `ringscope` as its tool, every path it lists is a plain relative path
/// inside the run, and its run hash is the hash of what it records. `{"tool":"ringscope"}` is
/// not one; neither is a manifest whose paths climb out of the run (`../../etc/hostname`).
extension Manifest {
    /// Why bytes are not a genuine manifest.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// The signature of `manifest.json`, beside it (see ``RunSignature``).
    public static let signatureFileName = "manifest.json.sig"

    /// Decodes and checks a manifest; throws ``Invalid`` saying what is wrong.
    public static func genuine(_ data: Data) throws(Invalid) -> Manifest {
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw Invalid(description: "not a RingScope manifest (\(Self.decodingProblem(error)))")
        }
        guard manifest.tool == "ringscope" else {
            throw Invalid(description: "not a RingScope manifest (tool is \(terminalSafe(manifest.tool)))")
        }
        var seen: Set<[UInt8]> = []
        for path in manifest.outputs.map(\.path) + manifest.inputs.map(\.path) {
            guard Self.isSafeRelativePath(path) else {
                throw Invalid(description: "lists the path \"\(terminalSafe(path))\", which is not a plain path inside the run")
            }
        }
        for output in manifest.outputs {
            guard output.path != fileName, output.path != signatureFileName, seen.insert(Array(output.path.utf8)).inserted else {
                throw Invalid(description: "lists \"\(terminalSafe(output.path))\" twice or lists itself")
            }
        }
        guard manifest.computedRunHash() == manifest.runHash else {
            throw Invalid(description: "its run hash does not match what it records")
        }
        return manifest
    }

    /// Every path a run folder with this manifest may hold, as bytes: the manifest, its
    /// signature, each output, and each folder on the way to one (with a trailing `/`, as
    /// `PosixFiles.tree(under:)` lists folders).
    public var pathsOfTheRun: Set<[UInt8]> {
        var paths: Set<[UInt8]> = [Array(Self.fileName.utf8), Array(Self.signatureFileName.utf8)]
        for output in outputs {
            paths.insert(Array(output.path.utf8))
            var folder = Substring(output.path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                paths.insert(Array((folder + "/").utf8))
            }
        }
        return paths
    }

    /// A path made of plain names: not absolute, no `.` or `..`, no empty component, no control
    /// character, at most 4,096 bytes. Every path RingScope writes is one.
    public static func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, path.utf8.count <= 4096, !path.hasPrefix("/") else { return false }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty || component == "." || component == ".." { return false }
        }
        return !path.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }
    }

    private static func decodingProblem(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        case DecodingError.dataCorrupted: "not valid JSON"
        default: "unreadable"
        }
    }
}
