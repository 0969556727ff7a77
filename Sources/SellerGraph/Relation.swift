/// The typed relations of `links.csv` (DATASET.md), each with fixed endpoint kinds.
public enum Relation: String, CaseIterable, Sendable, Hashable, Comparable {
    /// storefront → payment account: payouts settle into that account.
    case paysTo = "pays_to"
    /// storefront → address: sender address on parcels, warehouse records.
    case shipsFrom = "ships_from"
    /// storefront → address: return address printed on labels.
    case returnsTo = "returns_to"
    /// seller → address: business registration.
    case registeredAt = "registered_at"
    /// storefront → factory: packaging, labels, logistics records, informants.
    case suppliedBy = "supplied_by"
    /// factory → address: site visits, registrations.
    case locatedAt = "located_at"
    /// payment account → payment account: money moving between accounts.
    case transfersTo = "transfers_to"
    /// storefront → identifier: a contact shown on listings, parcels and chats; a login device or IP.
    case uses
    /// seller → identifier: the registration phone, e-mail or ID document.
    case registeredWith = "registered_with"

    public var sourceKind: EntityKind {
        switch self {
        case .paysTo, .shipsFrom, .returnsTo, .suppliedBy, .uses: .storefront
        case .registeredAt, .registeredWith: .seller
        case .locatedAt: .factory
        case .transfersTo: .paymentAccount
        }
    }

    public var targetKind: EntityKind {
        switch self {
        case .paysTo, .transfersTo: .paymentAccount
        case .shipsFrom, .returnsTo, .registeredAt, .locatedAt: .address
        case .suppliedBy: .factory
        case .uses, .registeredWith: .identifier
        }
    }

    /// A dense index for per-relation arrays.
    public var index: Int {
        switch self {
        case .paysTo: 0
        case .shipsFrom: 1
        case .returnsTo: 2
        case .registeredAt: 3
        case .suppliedBy: 4
        case .locatedAt: 5
        case .transfersTo: 6
        case .uses: 7
        case .registeredWith: 8
        }
    }

    public static func < (lhs: Relation, rhs: Relation) -> Bool { lhs.index < rhs.index }
}
