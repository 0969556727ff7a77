/// The six kinds of entity in a seller-network dataset (DATASET.md v2), in the dataset's words.
///
/// Ids are unique within a kind only: a seller and an address may both be `1001`, so every
/// reference carries its kind (by column or by relation).
public enum EntityKind: String, CaseIterable, Sendable, Hashable, Comparable {
    case seller
    case storefront
    case paymentAccount = "payment_account"
    case address
    case factory
    /// A phone, e-mail, device, IP, WeChat or QQ id, ID document or website (`identifiers.csv`).
    case identifier

    /// The file that defines entities of this kind.
    public var fileName: String {
        switch self {
        case .seller: "sellers.csv"
        case .storefront: "storefronts.csv"
        case .paymentAccount: "payment_accounts.csv"
        case .address: "addresses.csv"
        case .factory: "factories.csv"
        case .identifier: "identifiers.csv"
        }
    }

    /// The id column of that file.
    public var idColumn: String {
        switch self {
        case .seller: "seller_id"
        case .storefront: "storefront_id"
        case .paymentAccount: "account_id"
        case .address: "address_id"
        case .factory: "factory_id"
        case .identifier: "identifier_id"
        }
    }

    /// The plural for messages and tables ("payment accounts").
    public var plural: String {
        switch self {
        case .seller: "sellers"
        case .storefront: "storefronts"
        case .paymentAccount: "payment accounts"
        case .address: "addresses"
        case .factory: "factories"
        case .identifier: "identifiers"
        }
    }

    /// "a seller", "an address", "an identifier": for messages.
    public var withArticle: String { (self == .address || self == .identifier ? "an " : "a ") + rawValue }

    /// Whether the dataset must contain the file (only sellers and storefronts are required).
    public var isRequired: Bool { self == .seller || self == .storefront }

    /// A dense index for per-kind arrays.
    public var index: Int {
        switch self {
        case .seller: 0
        case .storefront: 1
        case .paymentAccount: 2
        case .address: 3
        case .factory: 4
        case .identifier: 5
        }
    }

    public static func < (lhs: EntityKind, rhs: EntityKind) -> Bool { lhs.index < rhs.index }
}
