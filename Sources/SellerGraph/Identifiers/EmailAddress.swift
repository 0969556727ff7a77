import Foundation

/// E-mail addresses folded to the mailbox they deliver to.
///
/// Every address is lower-cased: the domain is case-insensitive by the standard, and no mail
/// provider in use treats the local part by case either (RFC 5321 allows it; none does it).
/// `mailto:`, angle brackets, a display name and the full-width `＠` and `。` are read through.
/// Provider-specific folding is applied only where the provider documents it, because elsewhere
/// the same characters name different mailboxes:
/// - Gmail (`gmail.com`, and `googlemail.com`, the same service): dots in the local part are
///   ignored and `+tag` is a sub-address: `Sales.Dept+shop1@gmail.com` is `salesdept@gmail.com`.
/// - Outlook (`outlook.com`, `hotmail.com`, `live.com`, `msn.com`), iCloud (`icloud.com`),
///   Proton (`proton.me`, `protonmail.com`) and Fastmail:
///   `+tag` is a sub-address, dots are significant.
/// - Everyone else, QQ Mail and 163.com included: nothing beyond case, since `a.b` and `ab`, or
///   `a+b`, may be two people.
public enum EmailAddress {
    public static func fold(_ text: String) -> FoldedIdentifier {
        var value = IdentifierText.narrowed(text)
        if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
            value = String(value[value.index(after: open) ..< close])  // "Sales <sales@x.cn>"
        }
        value = value.replacingOccurrences(of: "。", with: ".").replacingOccurrences(of: "｡", with: ".")
        value = value.trimmedForIdentifier.lowercased()
        if value.hasPrefix("mailto:") { value.removeFirst(7) }
        value = IdentifierText.droppingLabel(value, labels: ["e-mail", "email", "mail", "邮箱", "电子邮件"])
        value.removeAll { $0 == " " }
        guard let at = value.lastIndex(of: "@"), at != value.startIndex, value.index(after: at) != value.endIndex else {
            return FoldedIdentifier(key: "text:" + value, reason: "no local part and domain around @: kept lower-cased")
        }
        var local = String(value[..<at])
        var domain = String(value[value.index(after: at)...])
        while domain.hasSuffix(".") { domain.removeLast() }
        var notes = ["lower-cased"]
        if domain == "googlemail.com" {
            domain = "gmail.com"
            notes.append("googlemail.com is gmail.com")
        }
        if subAddressing.contains(domain), let plus = local.firstIndex(of: "+"), plus != local.startIndex {
            notes.append("+\(local[local.index(after: plus)...]) is a sub-address at \(domain)")
            local = String(local[..<plus])
        }
        if domain == "gmail.com", local.contains(".") {
            local.removeAll { $0 == "." }
            notes.append("Gmail ignores dots")
        }
        let valid = domain.contains(".") && !domain.hasPrefix(".") && !local.isEmpty
        if !valid { notes.append("domain \(domain) has no dot: may be mistyped") }
        return FoldedIdentifier(key: local + "@" + domain, reason: notes.joined(separator: "; "))
    }

    /// Providers whose `+tag` is documented as a sub-address of the same mailbox.
    static let subAddressing: Set<String> = [
        "gmail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "icloud.com", "proton.me", "protonmail.com",
        "fastmail.com", "fastmail.fm",
    ]
}
