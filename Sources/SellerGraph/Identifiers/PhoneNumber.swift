import Foundation

/// Phone numbers folded to E.164 (`+8613800138000`), the form every spelling of one line shares.
///
/// Read as exported and as printed on parcels: spaces, dashes, dots and brackets are dropped;
/// full-width digits are digits; a label (`Tel:`, `电话`, `手机`) and an extension (`ext 12`,
/// `转 12`, `#12`) are set aside. Then:
/// - `+CC…` or `00CC…` is international: the country calling code is read from the ITU table
///   (codes are prefix-free, so the first one that matches is the code); a trunk `0` written
///   after it — `+86 (0)755…`, `+44 (0)20…` — is dropped, except where the 0 belongs to the
///   number (Italy, San Marino, Vatican, Côte d'Ivoire).
/// - Otherwise the number is Chinese (the marketplaces RingScope is built for): an 11-digit
///   mobile `1[3-9]…`; a landline with its trunk 0 and area code (`(0755) 8888 1234`,
///   `020-8888-1234`); a 400/800 service number; `86` + a mobile without the `+`; a landline
///   written with its area code but no trunk 0 (10–11 digits). A local number without an area
///   code (7–8 digits) or a short service number (5–6 digits: 95555, 12315) has no E.164 form:
///   it keeps its digits with a `CN-local:` or `CN-short:` key, so only the same digits join it.
public enum PhoneNumber {
    /// Folds a phone number as written.
    public static func fold(_ written: String) -> FoldedIdentifier {
        let text = IdentifierText.narrowed(written).trimmedForIdentifier
        var value = IdentifierText.droppingLabel(text, labels: labels)
        var notes: [String] = []
        if let cut = extensionStart(in: value) {
            let rest = value[cut...]
            if !IdentifierText.digits(rest).isEmpty { notes.append("extension \(IdentifierText.digits(rest)) set aside") }
            value = String(value[..<cut])
        }
        // "+44 (0)20 …": a bracketed lone 0 is the trunk prefix, written for callers at home.
        value = value.replacingOccurrences(of: "(0)", with: " ")
        let trimmed = value.drop { $0 == " " }
        let international = trimmed.hasPrefix("+")
        var digits = IdentifierText.digits(trimmed)
        guard !digits.isEmpty else {
            return FoldedIdentifier(key: "text:" + text.lowercased(), reason: "no digits: kept as written", isLinkable: true)
        }
        if international || digits.hasPrefix("00") {
            if !international { digits.removeFirst(2) }
            return foldInternational(digits, notes: notes)
        }
        return foldChinese(digits, notes: notes)
    }

    private static let labels = ["tel", "tel.", "telephone", "phone", "mobile", "mob", "cell", "hotline", "contact",
                                 "电话", "手机", "手机号", "联系电话", "电話", "热线", "客服电话", "tel/wechat", "手机/微信"]

    /// Where an extension begins (`ext`, `x`, `转`, `分机`, `#`), or the second number of a pair
    /// (`/`, `,`, `;`, `或`).
    private static func extensionStart(in text: String) -> String.Index? {
        // Most numbers are ASCII without a letter or sign a marker starts with: answered by one
        // scan, without Foundation's case-insensitive search (12 % of a 200k-seller `analyze` by
        // `perf`). Any other text (non-ASCII above all, where canonical equivalence could match)
        // is searched as before.
        if text.utf8.allSatisfy({ $0 < 0x80 && !isASCIIMarkerStart($0) }) { return nil }
        let markers = ["ext.", "ext", "x", "转", "分机", "#", "/", ",", ";", "或", "、"]
        var earliest: String.Index?
        for marker in markers {
            // Only after at least 5 digits: "x" could be a typo inside the number otherwise.
            var searchStart = text.startIndex
            while let range = text.range(of: marker, options: [.caseInsensitive], range: searchStart ..< text.endIndex) {
                if IdentifierText.digits(text[..<range.lowerBound]).count >= 5 {
                    if earliest.map({ range.lowerBound < $0 }) ?? true { earliest = range.lowerBound }
                    break
                }
                searchStart = range.upperBound
            }
        }
        return earliest
    }

    /// Whether `byte` starts an ASCII marker of ``extensionStart(in:)`` (both cases of the
    /// letters). A switch, not a set: this runs for every byte of every phone.
    private static func isASCIIMarkerStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "x"), UInt8(ascii: "X"),
             UInt8(ascii: "#"), UInt8(ascii: "/"), UInt8(ascii: ","), UInt8(ascii: ";"): true
        default: false
        }
    }

    private static func foldInternational(_ digits: String, notes: [String]) -> FoldedIdentifier {
        guard let code = countryCode(of: digits) else {
            return FoldedIdentifier(key: "digits:" + digits, reason: joined(["no country calling code starts +\(digits.prefix(3))", "kept as digits"] + notes))
        }
        var national = String(digits.dropFirst(code.count))
        if code == "86" {
            if national.hasPrefix("0") { national.removeFirst() }
            let folded = foldChinese("0" + national, notes: notes, international: true)
            return folded
        }
        if national.hasPrefix("0") && !keepsLeadingZero.contains(code) {
            national.removeFirst()
        }
        let total = code.count + national.count
        guard total >= 8, total <= 15 else {
            return FoldedIdentifier(key: "digits:+" + digits, reason: joined(["+\(code) number of \(total) digits is not a valid E.164 length (8–15)", "kept as digits"] + notes))
        }
        let name = countryNames[code].map { " (\($0))" } ?? ""
        return FoldedIdentifier(key: "+" + code + national, reason: joined(["country code +\(code)\(name)"] + notes))
    }

    private static func foldChinese(_ digits: String, notes: [String], international: Bool = false) -> FoldedIdentifier {
        var digits = digits
        let written = international ? "with +86" : "without country code"
        if !international, digits.count == 13, digits.hasPrefix("86"), isMobile(digits.dropFirst(2)) {
            return FoldedIdentifier(key: "+" + digits, reason: joined(["Chinese mobile, 86 written without +"] + notes))
        }
        if international { digits.removeFirst() }  // the 0 put back by foldInternational
        if isMobile(Substring(digits)) {
            return FoldedIdentifier(key: "+86" + digits, reason: joined(["Chinese mobile \(written)"] + notes))
        }
        if digits.count == 10, digits.hasPrefix("400") || digits.hasPrefix("800") {
            return FoldedIdentifier(key: "+86" + digits, reason: joined(["Chinese \(digits.prefix(3)) service number"] + notes))
        }
        if !international, digits.hasPrefix("0"), (10 ... 12).contains(digits.count) {
            let national = digits.dropFirst()
            return FoldedIdentifier(key: "+86" + national, reason: joined(["Chinese landline, area code \(areaCode(of: national)), trunk 0 dropped"] + notes))
        }
        // Area codes start with 2–9, or are Beijing's 10; a national number starting 1 is otherwise a mobile.
        if (10 ... 11).contains(digits.count), let first = digits.first, first != "0", first != "1" || (digits.hasPrefix("10") && digits.count == 10) {
            return FoldedIdentifier(key: "+86" + digits, reason: joined(["Chinese landline, area code \(areaCode(of: Substring(digits))) \(written)"] + notes))
        }
        if !international, (7 ... 8).contains(digits.count) {
            return FoldedIdentifier(key: "CN-local:" + digits, reason: joined(["local number without area code: joins only the same digits"] + notes))
        }
        if !international, (5 ... 6).contains(digits.count) {
            return FoldedIdentifier(key: "CN-short:" + digits, reason: joined(["short service number"] + notes))
        }
        return FoldedIdentifier(key: "digits:" + (international ? "+86" : "") + digits,
                                reason: joined(["\(digits.count) digits is no Chinese number form", "kept as digits"] + notes))
    }

    /// `1[3-9]` + 9 digits.
    private static func isMobile(_ digits: Substring) -> Bool {
        guard digits.count == 11, digits.first == "1", let second = digits.dropFirst().first else { return false }
        return ("3" ... "9").contains(second)
    }

    /// Beijing (10) and the 2x cities have two-digit area codes; the rest three.
    private static func areaCode(of national: Substring) -> Substring {
        national.first == "1" || national.first == "2" ? national.prefix(2) : national.prefix(3)
    }

    /// The ITU-T E.164 country calling code `digits` starts with: 1 and 7 are one digit, the
    /// two-digit codes are listed, every other code has three digits. (The codes are
    /// prefix-free, so this reads every assigned code correctly.)
    static func countryCode(of digits: String) -> String? {
        guard let first = digits.first, first != "0" else { return nil }
        if first == "1" || first == "7" { return String(first) }
        guard digits.count >= 3 else { return nil }
        let two = String(digits.prefix(2))
        return twoDigitCodes.contains(two) ? two : String(digits.prefix(3))
    }

    private static let twoDigitCodes: Set<String> = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
        "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ]

    /// Countries whose numbers keep their leading 0 after the country code.
    private static let keepsLeadingZero: Set<String> = ["39", "378", "379", "225"]

    private static let countryNames: [String: String] = [
        "1": "United States, Canada", "7": "Russia, Kazakhstan", "33": "France", "34": "Spain", "39": "Italy", "44": "United Kingdom",
        "49": "Germany", "60": "Malaysia", "61": "Australia", "62": "Indonesia", "63": "Philippines", "64": "New Zealand",
        "65": "Singapore", "66": "Thailand", "81": "Japan", "82": "South Korea", "84": "Vietnam", "86": "China", "90": "Turkey",
        "91": "India", "852": "Hong Kong", "853": "Macau", "886": "Taiwan", "971": "United Arab Emirates", "55": "Brazil",
        "52": "Mexico", "31": "Netherlands", "32": "Belgium", "41": "Switzerland", "43": "Austria", "46": "Sweden", "48": "Poland",
    ]

    private static func joined(_ parts: [String]) -> String { parts.joined(separator: "; ") }
}
