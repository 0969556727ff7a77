/// Character folding shared by the identifier kinds (and by OCR, which reads the same forms).
public enum IdentifierText {
    /// `value` with full-width ASCII forms (`１３８`, `＠`, `：`) made ASCII and the ideographic
    /// space made a space: Chinese input methods type them, and they are the same characters.
    public static func narrowed(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0xFF01 ... 0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000, 0x00A0, 0x2000 ... 0x200A, 0x202F: scalars.append(" ")
            case 0x200B ... 0x200D, 0xFEFF: continue  // zero-width characters hide inside pasted ids
            case 0x2010 ... 0x2015, 0x2212: scalars.append("-")  // hyphens and dashes
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The ASCII digits of `text`, in order.
    static func digits(_ text: Substring) -> String { String(text.filter { $0.isASCII && $0.isNumber }) }

    /// `text` without a leading label such as `Tel:`, `电话：`, `WeChat ID -`, `微信号`: every
    /// character before the first one `starts` accepts, if what comes before is a known label
    /// (letters, CJK, spaces, `:`, `-`, `.`) and not part of the value.
    ///
    /// The longest label that is a prefix and ends where a word does. (Found without sorting the
    /// labels by length on every call: that sort, counting characters in each comparison, was
    /// 11 % of a 200k-seller `analyze` by `perf`, which folds every identifier twice.)
    static func droppingLabel(_ text: String, labels: [String]) -> String {
        let lowered = text.lowercased()
        var best: (length: Int, rest: Substring)?
        for label in labels where lowered.hasPrefix(label) {
            let length = label.count
            if let best, best.length >= length { continue }
            let rest = Substring(text.dropFirst(length))
            // A Latin label ends where the word does: "wx" is no label of "wxid_…", nor "tel" of "telecom".
            if let last = label.last, last.isASCIILetter, let next = rest.first, next.isASCIILetter || next.isASCIIDigit || next == "_" { continue }
            best = (length, rest)
        }
        guard var rest = best?.rest else { return text }
        while let first = rest.first, first == " " || first == ":" || first == "-" || first == "." || first == "=" || first == "/" {
            rest.removeFirst()
        }
        return String(rest)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}

extension String {
    /// The string without leading and trailing white space and control characters.
    var trimmedForIdentifier: String {
        func drop(_ character: Character) -> Bool {
            character.isWhitespace || character.unicodeScalars.allSatisfy { $0.value < 0x20 || $0.value == 0x7F }
        }
        var scalars = Substring(self)
        while let first = scalars.first, drop(first) { scalars.removeFirst() }
        while let last = scalars.last, drop(last) { scalars.removeLast() }
        return String(scalars)
    }
}
