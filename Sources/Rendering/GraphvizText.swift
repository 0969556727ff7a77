/// Escaping of text at the Graphviz boundary.
///
/// Graphviz interprets a plain (non-HTML) label in three ways that data must not reach:
/// backslash escapes (`\N` is the node name, `\l` a left-justified line; a lone backslash
/// disappears), HTML entities (`&amp;` becomes `&`), and, in the DOT file, quotes. The
/// wrapper builds graphs through the cgraph API, so quotes cannot end a string; this type
/// makes the remaining interpretations inert:
///
/// - `\` becomes `\\`, so it prints as itself;
/// - `&`, `<`, `>`, `"` become `&amp;`, `&lt;`, `&gt;`, `&quot;`, which Graphviz decodes
///   back to the same characters (so the DOT file never holds `<script>` or a bare quote);
/// - a newline (`\n`, `\r\n`, `\r`) becomes Graphviz's centred line break `\n`;
/// - other control characters (including NUL, DEL and C1) and the bidirectional overrides
///   that can make `x/../..` read as `../../x` become U+FFFD, the replacement character.
public enum GraphvizText {
    /// Escapes plain text for a Graphviz label-like attribute.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n": if !previousWasCarriageReturn { result += "\\n" }
            case "\r": result += "\\n"
            case "\t": result += " "
            default:
                if isUnsafe(scalar) {
                    result.unicodeScalars.append("\u{FFFD}")
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Shortens text to at most `limit` characters, ending with "…" when cut.
    public static func truncated(_ text: String, to limit: Int) -> String {
        precondition(limit >= 1, "limit must be positive")
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// Control characters and bidirectional formatting characters.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// Keeps a Graphviz name to `[A-Za-z0-9_]`, so that it is safe in SVG comments and ids.
    static func identifier(_ text: String) -> String {
        let kept = text.unicodeScalars.map { scalar -> Character in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || scalar == "_"
                ? Character(scalar) : "_"
        }
        let name = String(kept.prefix(64))
        return name.isEmpty ? "diagram" : name
    }

    /// Quotes an id for an error message, with control characters made visible.
    static func quotedForMessage(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars.prefix(80) {
            if isUnsafe(scalar) || scalar == "\"" || scalar == "\\" {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Attributes whose values are text from data and are escaped by the wrapper.
    static let textAttributes: Set<String> = [
        "label", "xlabel", "headlabel", "taillabel", "tooltip", "comment",
        "URL", "href", "edgetooltip", "labeltooltip", "headtooltip", "tailtooltip",
    ]
}
