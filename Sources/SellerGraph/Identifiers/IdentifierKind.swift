/// The kinds of identifier in `identifiers.csv` (DATASET.md v2), in the dataset's words.
public enum IdentifierKind: String, CaseIterable, Sendable, Hashable, Comparable {
    case phone
    case email
    /// A device fingerprint or IMEI a storefront logs in from.
    case device
    case ip
    case wechat
    case qq
    /// A business licence, unified social credit code or ID card number.
    case idDocument = "id_document"
    case website

    /// A dense index for per-kind arrays.
    public var index: Int { IdentifierKind.allCases.firstIndex(of: self)! }

    /// The word for messages ("WeChat id", "ID document").
    public var title: String {
        switch self {
        case .phone: "phone"
        case .email: "e-mail"
        case .device: "device"
        case .ip: "IP address"
        case .wechat: "WeChat id"
        case .qq: "QQ number"
        case .idDocument: "ID document"
        case .website: "website"
        }
    }

    /// The plural of ``title`` ("IP addresses").
    public var plural: String { self == .ip ? "IP addresses" : title + "s" }

    public static func < (lhs: IdentifierKind, rhs: IdentifierKind) -> Bool { lhs.index < rhs.index }

    /// `phone, email, device, …` for error messages.
    public static var expectedList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
