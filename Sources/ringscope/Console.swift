#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// stderr output: progress and warnings never mix with the results on stdout.
/// (Written with `write(2)`: Swift 6 rejects the C global `stderr` as shared mutable state.)
enum Console {
    static func error(_ text: String) {
        writeToStandardError(text + "\n")
    }

    static func progress(_ text: String) {
        writeToStandardError("ringscope: " + text + "\n")
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Writes `text` to stderr as is (no prefix, no newline): for ``Progress``.
    static func raw(_ text: String) {
        writeToStandardError(text)
    }

    private static func writeToStandardError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
