/// One identifier value folded to the form two spellings of it share, and how.
///
/// `key` is what identifiers are grouped by: two rows of one kind with the same key are one
/// identifier (`+86 138-0013-8000` and `13800138000` are both `+8613800138000`). `reason` says in
/// a few words what was read ("Chinese mobile without country code"), for `ringscope resolve`
/// and referrals. `isLinkable` is false for values that name no one in particular — a private IP
/// address every home router uses — so that they never link sellers, whatever their count.
public struct FoldedIdentifier: Sendable, Hashable {
    public var key: String
    public var reason: String
    public var isLinkable: Bool

    public init(key: String, reason: String, isLinkable: Bool = true) {
        self.key = key
        self.reason = reason
        self.isLinkable = isLinkable
    }

    /// Whether `value` holds anything once labels' surroundings are trimmed: exactly when
    /// ``fold(_:kind:)`` returns a value, for any kind, without folding. ASCII text is decided
    /// by one byte scan (a printable byte other than the space); other text as `fold` decides it.
    public static func hasContent(_ value: String) -> Bool {
        var value = value
        if let ascii = value.withUTF8({ bytes -> Bool? in
            var isASCII = true
            for byte in bytes {
                if byte > 0x20 && byte < 0x7F { return true }
                if byte >= 0x80 { isASCII = false }
            }
            return isASCII ? false : nil
        }) {
            return ascii
        }
        return !IdentifierText.narrowed(value).trimmedForIdentifier.isEmpty
    }

    /// Folds `value` as an identifier of `kind` (see the kind's own folding type for the rules).
    /// Nil only for a value with nothing in it once labels and separators are gone.
    public static func fold(_ value: String, kind: IdentifierKind) -> FoldedIdentifier? {
        let text = IdentifierText.narrowed(value).trimmedForIdentifier
        guard !text.isEmpty else { return nil }
        switch kind {
        case .phone: return PhoneNumber.fold(text)
        case .email: return EmailAddress.fold(text)
        case .ip: return IPAddress.fold(text)
        case .wechat: return MessagingId.foldWeChat(text)
        case .qq: return MessagingId.foldQQ(text)
        case .device: return DeviceId.fold(text)
        case .idDocument: return IdDocument.fold(text)
        case .website: return Website.fold(text)
        }
    }
}
