/// Text safe inside an XML or HTML element or a quoted attribute: `& < > " '` as entities; tab,
/// line feed and carriage return become spaces (a cell or label is one line); other control
/// characters, C1 controls (which no reader displays) and the characters XML 1.0 forbids
/// (U+FFFE, U+FFFF) are dropped. `apostrophe` is the entity for `'`: XML's `&apos;`, or
/// `&#39;` for HTML pages read by old parsers.
func markupEscaped(_ text: String, apostrophe: String) -> String {
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
