#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif
import SellerGraph

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

    /// One line of results on stdout, every control character escaped (``terminalSafe(_:)``):
    /// a name from a dataset cannot move the cursor, recolour the terminal or forge a line.
    static func output(_ line: String) {
        write(to: 1, terminalSafe(line) + "\n")
    }

    /// Writes `text` to stderr as is (no prefix, no newline): for ``Progress``.
    static func raw(_ text: String) {
        writeToStandardError(text)
    }

    private static func writeToStandardError(_ text: String) {
        write(to: 2, text)
    }

    private static func write(to descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
