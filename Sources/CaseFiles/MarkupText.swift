/// Text safe inside an XML or HTML element or a quoted attribute: `& < > " '` as entities; tab,
/// line feed and carriage return become spaces (a cell or label is one line); other control
/// characters, C1 controls (which no reader displays) and the characters XML 1.0 forbids
/// (U+FFFE, U+FFFF) are dropped. `apostrophe` is the entity for `'`: XML's `&apos;`, or
/// `&#39;` for HTML pages read by old parsers.
///
/// Most text (ids, names, numbers) needs none of this: one pass over its UTF-8 bytes finds that
/// and returns the text as it is, without building a copy scalar by scalar (the workspace's case
/// pages escape every cell of a factory's ring list on each first visit: 12 % of their CPU).
func markupEscaped(_ text: String, apostrophe: String) -> String {
    if !needsMarkupEscaping(text) { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += apostrophe
        case "\t", "\n", "\r": result += " "
        case "\u{0}" ... "\u{1F}", "\u{7F}" ... "\u{9F}", "\u{FFFE}", "\u{FFFF}": continue
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result
}

/// ``markupEscaped(_:apostrophe:)`` for GraphML.
func xmlEscaped(_ text: String) -> String { markupEscaped(text, apostrophe: "&apos;") }

/// ``markupEscaped(_:apostrophe:)`` for `index.html`.
public func htmlEscaped(_ text: String) -> String { markupEscaped(text, apostrophe: "&#39;") }

/// Whether ``markupEscaped(_:apostrophe:)`` changes `text`: a byte of `& < > " '`, an ASCII
/// control or DEL, a C1 control (UTF-8 `C2 80`…`C2 9F`), or U+FFFE/U+FFFF (`EF BF BE`/`EF BF BF`).
func needsMarkupEscaping(_ text: String) -> Bool {
    let found: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case 0x00...0x1F, 0x7F, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                return true
            case 0xC2 where index + 1 < count && (0x80...0x9F).contains(bytes[index + 1]):
                return true
            case 0xEF where index + 2 < count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                return true
            default:
                index += 1
            }
        }
        return false
    }
    // Text not stored contiguously as UTF-8 (bridged): the scalar-by-scalar path decides.
    return found ?? true
}
