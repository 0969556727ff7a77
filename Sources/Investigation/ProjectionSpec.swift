import SellerGraph

extension Projection {
    /// The hub limit is never lowered below this many sellers for the pair budget.
    public static let hubLimitFloor = 10
    /// Each lowering of the hub limit multiplies it by this fraction (in integers: 200, 150, 112…).
    public static let hubLimitStep = (numerator: 3, denominator: 4)
}

/// What the projection does, as data: the relation weights, the hub rule and its limits, the
/// fixed point of the weights. `ringscope projection-spec` prints it as JSON for the Spark job
/// (`distributed/`), which builds the same projection from it instead of keeping a copy of the
/// weights; `ringscope analyze --projection DIR` refuses a projection made from another spec.
///
/// ``mechanism`` names how the fields are used (who uses an entity, the resource-allocation
/// discount, the transfer and counterparty ties, which links are strong). A change of weights
/// or limits flows through; a change of mechanism in ``Projection`` must change this name, so
/// that a job built for the old one refuses to run instead of computing something else.
public struct ProjectionSpec: Codable, Sendable, Equatable {
    /// The mechanism of this version of ``Projection``.
    public static let currentMechanism = "ringscope-projection/2"
    /// The mechanism without the service discount (``Projection/Parameters/discountsServices``
    /// off); `distributed/ringscope-spark` implements both.
    public static let mechanismWithoutServiceDiscount = "ringscope-projection/1"

    /// A relation of links.csv and the kinds of its ends.
    public struct RelationEnds: Codable, Sendable, Equatable {
        public var relation: String
        public var source: String
        public var target: String
    }

    /// A relation through which a seller uses an entity (a storefront's use is its seller's),
    /// and how much sharing that entity through it says.
    public struct Use: Codable, Sendable, Equatable {
        public var relation: String
        public var source: String
        public var target: String
        public var weight: Double
    }

    /// How much a shared identifier of one kind weighs (``IdentifierWeights``).
    public struct IdentifierWeight: Codable, Sendable, Equatable {
        public var kind: String
        public var weight: Double
    }

    /// An entity file and its id column.
    public struct EntityFile: Codable, Sendable, Equatable {
        public var kind: String
        public var file: String
        public var idColumn: String
        public var required: Bool
    }

    public var mechanism: String
    public var entityFiles: [EntityFile]
    /// The column of storefronts.csv naming the operating seller.
    public var storefrontSellerColumn: String
    public var linkFile: String
    /// Every relation links.csv may hold (a row with another is an error).
    public var relations: [RelationEnds]
    /// The weighted uses, in the order the projection reads them; a seller's weight for an
    /// entity is that of the strongest relation by which it uses it.
    public var uses: [Use]
    /// The kinds whose shared entities link sellers, in the order their pairs are made.
    public var linkingKinds: [String]
    /// The kinds whose shared entities are strong links (factory sites excepted).
    public var strongKinds: [String]
    /// The relations by which a seller (a storefront's operator, or the seller itself) uses an
    /// identifier; each use weighs its identifier's kind's weight. Identifier values are folded
    /// (``FoldedIdentifier``, `ringscope fold-identifiers`): the rows of one kind with one key are
    /// one identifier, numbered by the first of them; unlinkable values (private IPs) never link.
    public var identifierRelations: [String]
    public var identifierWeights: [IdentifierWeight]
    /// The identifier kinds that are strong links and corroborate (one operator controls them).
    public var identifierStrongKinds: [String]
    /// A link read from an image weighs its kind's weight × max(this, the reading's confidence)
    /// (`ringscope image-identifiers` prints these uses with their weights).
    public var minimumReadingShare: Double
    /// The weight of shipping from an address: an address binds strongly (and corroborates a
    /// service) only through users whose weight for it is above this, i.e. who return to it or
    /// register at it; its strong pairs are still discounted over all its users.
    public var shipsFromWeight: Double
    /// An address that is the target of this relation is a factory's site: its uses weigh at
    /// most ``factorySiteWeight`` and it is not a strong link.
    public var factorySiteRelation: String
    public var factorySiteWeight: Double
    /// Money between two accounts: `weight / (payees of one × payees of the other)` per pair; strong.
    public var transferRelation: String
    public var transferWeight: Double
    /// Accounts that send money to, or receive it from, one third account: a clique of their
    /// payees at this weight; not strong.
    public var sharedCounterpartyWeight: Double
    public var hubLimit: Int
    public var pairBudget: Int
    public var hubLimitFloor: Int
    public var hubLimitStepNumerator: Int
    public var hubLimitStepDenominator: Int
    /// Whether addresses are resolved before linking (the Spark job does not do this).
    public var resolvesAddresses: Bool
    /// Weights are summed as integers in units of 2^-fractionBits (``SellerLinks``).
    public var fractionBits: Int

    /// The spec of `parameters`.
    public init(_ parameters: Projection.Parameters) {
        mechanism = parameters.discountsServices ? Self.currentMechanism : Self.mechanismWithoutServiceDiscount
        entityFiles = EntityKind.allCases.map { EntityFile(kind: $0.rawValue, file: $0.fileName, idColumn: $0.idColumn, required: $0.isRequired) }
        storefrontSellerColumn = "seller_id"
        linkFile = DatasetLoader.linkFile
        relations = Relation.allCases.map { RelationEnds(relation: $0.rawValue, source: $0.sourceKind.rawValue, target: $0.targetKind.rawValue) }
        uses = []
        for kind in [EntityKind.paymentAccount, .address, .factory] {
            for relation in Relation.allCases where relation.targetKind == kind && relation != .transfersTo && parameters.weight(of: relation) > 0 {
                uses.append(Use(relation: relation.rawValue, source: relation.sourceKind.rawValue, target: kind.rawValue,
                                weight: parameters.weight(of: relation)))
            }
        }
        linkingKinds = Projection.linkingKinds.map(\.rawValue)
        strongKinds = [EntityKind.paymentAccount, .address, .identifier].map(\.rawValue)
        identifierRelations = [Relation.uses, .registeredWith].map(\.rawValue)
        identifierWeights = IdentifierKind.allCases.map { IdentifierWeight(kind: $0.rawValue, weight: parameters.identifiers.weight(of: $0)) }
        identifierStrongKinds = IdentifierKind.allCases.filter { IdentifierWeights.strongKinds.contains($0) }.map(\.rawValue)
        minimumReadingShare = parameters.identifiers.minimumReadingShare
        shipsFromWeight = parameters.shipsFrom
        factorySiteRelation = Relation.locatedAt.rawValue
        factorySiteWeight = parameters.suppliedBy
        transferRelation = Relation.transfersTo.rawValue
        transferWeight = parameters.transfersTo
        sharedCounterpartyWeight = parameters.sharedCounterparty
        hubLimit = parameters.hubLimit
        pairBudget = parameters.pairBudget
        hubLimitFloor = Projection.hubLimitFloor
        hubLimitStepNumerator = Projection.hubLimitStep.numerator
        hubLimitStepDenominator = Projection.hubLimitStep.denominator
        resolvesAddresses = parameters.resolvesAddresses
        fractionBits = SellerLinks.fractionBits
    }
}
