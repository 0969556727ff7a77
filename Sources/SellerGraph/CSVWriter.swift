/// Writes RFC 4180 CSV: a field holding a comma, quote, CR or LF is quoted, quotes doubled.
///
/// Rows accumulate as UTF-8 bytes and are flushed to a file handle in large blocks, so writing
/// millions of rows costs no per-row system call.
///
/// With `neutralizesFormulas` (the default for files an analyst may open in a spreadsheet), a
/// cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single
/// quote, the OWASP remedy for CSV formula injection. A cell that is a plain number (`-3.5`) is
/// left alone, so numeric columns stay numeric.
public struct CSVWriter {
    public private(set) var bytes: [UInt8] = []
    public let neutralizesFormulas: Bool

    public init(neutralizesFormulas: Bool = true, reservingCapacity capacity: Int = 1 << 16) {
        self.neutralizesFormulas = neutralizesFormulas
        bytes.reserveCapacity(capacity)
    }

    /// Appends one row.
    public mutating func writeRow<S: Sequence>(_ fields: S) where S.Element == String {
        var first = true
        for field in fields {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            appendField(field)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Appends one row from string literals and other values already converted to text.
    public mutating func writeRow(_ fields: String...) {
        writeRow(fields)
    }

    /// Takes the bytes written so far, leaving the writer empty (for streaming to a file).
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    private mutating func appendField(_ field: String) {
        var utf8 = Array(field.utf8)
        if neutralizesFormulas, let first = utf8.first, CSVWriter.isFormulaTrigger(first), !CSVWriter.isPlainNumber(utf8) {
            utf8.insert(UInt8(ascii: "'"), at: 0)
        }
        let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if needsQuotes {
            bytes.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { bytes.append(0x22) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    static func isFormulaTrigger(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "@") || byte == 0x09 || byte == 0x0D
    }

    /// `-12`, `+3.5`, `-0.25e3`: a number a spreadsheet reads as a number, not a formula.
    static func isPlainNumber(_ utf8: [UInt8]) -> Bool {
        guard utf8.count >= 2 else { return false }
        var sawDigit = false
        for (offset, byte) in utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                if offset != 0 && utf8[offset - 1] != UInt8(ascii: "e") && utf8[offset - 1] != UInt8(ascii: "E") { return false }
            default: return false
            }
        }
        return sawDigit
    }
}
