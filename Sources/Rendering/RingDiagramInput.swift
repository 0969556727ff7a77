/// The kind of an entity in a ring diagram (the dataset's words).
public enum DiagramEntityKind: String, CaseIterable, Sendable, Hashable {
    case seller
    case storefront
    case paymentAccount = "payment_account"
    case address
    case factory
    /// A phone, e-mail, device, IP, WeChat or QQ id, ID document or website.
    case identifier
}

/// One entity of a ring, as the diagram needs it. Rendering knows nothing of the domain
/// model; the caller copies what to show into these fields.
public struct DiagramNode: Sendable, Equatable {
    /// Unique within the diagram. When kinds share id strings (a seller and an address may
    /// both be `1001`), qualify them (`address:1001`); the id is shown in the label.
    public var id: String
    public var kind: DiagramEntityKind
    /// A short name (seller name, city, provider…); may be CJK. Cut to 28 characters.
    public var label: String
    /// Test purchases confirmed counterfeit.
    public var confirmedFakes: Int
    /// Seizures by an authority.
    public var seizures: Int
    /// Test purchases found genuine (evidence against).
    public var genuinePurchases: Int
    /// Weaker evidence: takedowns, complaints, price anomalies, keyword matches.
    public var otherEvidence: Int
    /// Non-nil marks a hub (a logistics warehouse, an escrow pool): the number of
    /// storefronts using it in the whole network. Drawn once, marked, never with its edges
    /// to the rest of the network.
    public var hubDegree: Int?

    public init(
        id: String, kind: DiagramEntityKind, label: String = "",
        confirmedFakes: Int = 0, seizures: Int = 0, genuinePurchases: Int = 0, otherEvidence: Int = 0,
        hubDegree: Int? = nil
    ) {
        self.id = id
        self.kind = kind
        self.label = label
        self.confirmedFakes = confirmedFakes
        self.seizures = seizures
        self.genuinePurchases = genuinePurchases
        self.otherEvidence = otherEvidence
        self.hubDegree = hubDegree
    }

    var hasEvidence: Bool { confirmedFakes > 0 || seizures > 0 || genuinePurchases > 0 }
}

/// A link between two entities of a ring.
public struct DiagramEdge: Sendable, Equatable {
    public var from: String
    public var to: String
    /// `pays_to`, `ships_from`, `returns_to`, `registered_at`, `supplied_by`,
    /// `located_at`, `transfers_to`, `operates`, `uses`, `registered_with`, `read_from_image`
    /// (a `uses` link read from an image by OCR); other words are drawn plain, labelled.
    public var relation: String
    /// Draw an arrowhead. `transfers_to` (money moving) is always directed.
    public var directed: Bool

    public init(from: String, to: String, relation: String, directed: Bool = true) {
        self.from = from
        self.to = to
        self.relation = relation
        self.directed = directed
    }
}

/// Everything one ring diagram shows.
public struct RingDiagramInput: Sendable, Equatable {
    /// The heading (ring id and score, for example).
    public var title: String
    public var nodes: [DiagramNode]
    public var edges: [DiagramEdge]

    public init(title: String, nodes: [DiagramNode], edges: [DiagramEdge]) {
        self.title = title
        self.nodes = nodes
        self.edges = edges
    }
}
