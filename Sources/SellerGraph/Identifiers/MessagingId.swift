/// WeChat ids and QQ numbers folded to the account they name.
///
/// **WeChat.** An id is 6–20 letters, digits, `_` and `-`, starting with a letter (`wxid_…`
/// for ids WeChat assigned), and WeChat finds it whatever its case, so ids are lower-cased.
/// The labels sellers put before it on listings and parcels — `WeChat:`, `微信号`, `VX`, `V:`,
/// `薇信` (written to slip past filters) — and spaces inside it are dropped. A WeChat contact
/// given as a mobile number is folded as that phone number (WeChat finds accounts by phone);
/// a value that fits no WeChat form is kept lower-cased and said to be unusual.
///
/// **QQ.** A QQ number is 5–11 digits, not starting with 0; `QQ:`, `扣扣` and `@qq.com` (the
/// number's own mailbox) are read through.
public enum MessagingId {
    static let weChatLabels = ["wechat id", "wechat", "we chat", "weixin", "wei xin", "wx", "vx", "v", "微信号", "微信", "威信", "薇信",
                               "徽信", "v信", "加微信", "加微", "加v", "加vx", "+v", "+vx", "id"]

    public static func foldWeChat(_ text: String) -> FoldedIdentifier {
        var value = IdentifierText.droppingLabel(IdentifierText.narrowed(text).trimmedForIdentifier, labels: weChatLabels)
        value = IdentifierText.droppingLabel(value, labels: ["id", "号"])
        value.removeAll { $0 == " " }
        let lowered = value.lowercased()
        if lowered.allSatisfy(\.isASCIIDigit) {
            let phone = PhoneNumber.fold(lowered)
            if phone.key.hasPrefix("+") {
                return FoldedIdentifier(key: phone.key, reason: "a WeChat contact given as phone number \(phone.key)")
            }
            return FoldedIdentifier(key: lowered, reason: "a WeChat contact given as a number (QQ or phone)")
        }
        if isWeChatId(lowered) {
            return FoldedIdentifier(key: lowered, reason: value == lowered ? "WeChat id" : "WeChat id, lower-cased (WeChat ids are not case-sensitive)")
        }
        return FoldedIdentifier(key: "text:" + lowered, reason: "not a WeChat id form (6–20 letters, digits, _ or -, a letter first): kept lower-cased")
    }

    /// A letter, then 5–19 letters, digits, `_` or `-`.
    public static func isWeChatId(_ lowered: some StringProtocol) -> Bool {
        guard (6 ... 20).contains(lowered.count), let first = lowered.first, first.isASCIILetter else { return false }
        return lowered.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == "-" }
    }

    public static func foldQQ(_ text: String) -> FoldedIdentifier {
        var value = IdentifierText.droppingLabel(IdentifierText.narrowed(text).trimmedForIdentifier.lowercased(), labels: ["qq号码", "qq号", "qq", "扣扣", "企鹅号", "企鹅"])
        if value.hasSuffix("@qq.com") { value.removeLast(7) }
        value.removeAll { $0 == " " || $0 == "-" }
        if isQQNumber(value) { return FoldedIdentifier(key: value, reason: "QQ number") }
        return FoldedIdentifier(key: "text:" + value, reason: "not a QQ number form (5–11 digits, no leading 0): kept as written")
    }

    /// 5–11 ASCII digits, the first not 0.
    public static func isQQNumber(_ text: some StringProtocol) -> Bool {
        (5 ... 11).contains(text.count) && text.first != "0" && text.allSatisfy(\.isASCIIDigit)
    }
}

/// Device fingerprints and IMEIs: lower-cased, separators (space, `-`, `:`, `.`) dropped, so
/// `35-209900-176148-1`, `352099001761481` and `AA:BB:…` read once each.
public enum DeviceId {
    public static func fold(_ text: String) -> FoldedIdentifier {
        var value = IdentifierText.droppingLabel(IdentifierText.narrowed(text).trimmedForIdentifier.lowercased(), labels: ["imei", "device id", "device", "fingerprint", "设备号", "设备"])
        value.removeAll { $0 == " " || $0 == "-" || $0 == ":" || $0 == "." }
        if value.count == 15, value.allSatisfy(\.isASCIIDigit) {
            return FoldedIdentifier(key: value, reason: luhnIsValid(value) ? "IMEI, check digit valid" : "15 digits (IMEI form), check digit does not match")
        }
        return FoldedIdentifier(key: value, reason: "device fingerprint, lower-cased, separators dropped")
    }

    static func luhnIsValid(_ digits: String) -> Bool {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            var digit = Int(character.asciiValue! - 48)
            if offset % 2 == 1 { digit *= 2; if digit > 9 { digit -= 9 } }
            sum += digit
        }
        return sum % 10 == 0
    }
}

/// Business licences, unified social credit codes and ID numbers: upper-cased, spaces, `-` and
/// `.` dropped. An 18-character Chinese resident ID has its check digit verified (reported, not
/// enforced: a typo'd number is still the number that was registered).
public enum IdDocument {
    public static func fold(_ text: String) -> FoldedIdentifier {
        var value = IdentifierText.droppingLabel(IdentifierText.narrowed(text).trimmedForIdentifier.lowercased(), labels: ["id", "licence", "license", "身份证", "营业执照", "统一社会信用代码"]).uppercased()
        value.removeAll { $0 == " " || $0 == "-" || $0 == "." }
        if value.count == 18, value.prefix(17).allSatisfy(\.isASCIIDigit), let last = value.last, last.isASCIIDigit || last == "X" {
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(value.prefix(17), weights).reduce(0) { $0 + Int($1.0.asciiValue! - 48) * $1.1 }
            let expected = Array("10X98765432")[sum % 11]
            return FoldedIdentifier(key: value, reason: expected == last ? "Chinese resident ID, check digit valid" : "18-digit ID, check digit does not match")
        }
        return FoldedIdentifier(key: value, reason: "upper-cased, separators dropped")
    }
}

/// Websites: the host lower-cased without `www.` or a default port, then the path as written
/// (paths may be case-sensitive); the scheme, query, fragment and a trailing `/` are dropped.
/// `HTTPS://www.Example-Shop.cn/contact/` is `example-shop.cn/contact`.
public enum Website {
    public static func fold(_ text: String) -> FoldedIdentifier {
        var value = IdentifierText.narrowed(text).trimmedForIdentifier
        for scheme in ["https://", "http://", "//"] where value.lowercased().hasPrefix(scheme) { value.removeFirst(scheme.count); break }
        if let cut = value.firstIndex(where: { $0 == "?" || $0 == "#" }) { value = String(value[..<cut]) }
        let slash = value.firstIndex(of: "/") ?? value.endIndex
        var host = value[..<slash].lowercased()
        var path = String(value[slash...])
        if host.hasPrefix("www.") { host.removeFirst(4) }
        if host.hasSuffix(":80") || host.hasSuffix(":443") { host = String(host[..<host.lastIndex(of: ":")!]) }
        while host.hasSuffix(".") { host.removeLast() }
        while path.hasSuffix("/") { path.removeLast() }
        return FoldedIdentifier(key: host + path, reason: "host lower-cased; scheme, www., query and trailing / dropped")
    }
}
