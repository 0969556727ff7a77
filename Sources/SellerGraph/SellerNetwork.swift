/// The loaded dataset: typed entities with interned ids, links per relation with CSR adjacency in
/// both directions, evidence and listings. A value type; built by ``DatasetLoader``.
///
/// Entities are addressed by kind and a dense `Int32` index (the order of their rows in the file).
public struct SellerNetwork: Sendable {
    /// The entities of each kind, indexed by ``EntityKind/index``.
    public var tables: [EntityTable]
    /// The links of each relation, indexed by ``Relation/index``.
    public var links: [RelationLinks]
    /// Every evidence row, in file order.
    public var evidence: [EvidenceRecord]
    /// For each kind, the evidence records about each entity (indices into ``evidence``).
    public var evidenceByEntity: [Adjacency]
    /// Listings, column-wise.
    public var listings: Listings
    /// The dataset folder's name (used to name runs).
    public var name: String
    /// The rows of `images.csv` (empty without it).
    public var images = ImageTable()
    /// What each link read from an image rests on (``RelationLinks/readings`` index into it).
    public var readings: [ImageReading] = []

    public func table(_ kind: EntityKind) -> EntityTable { tables[kind.index] }
    public func links(_ relation: Relation) -> RelationLinks { links[relation.index] }
    public func count(of kind: EntityKind) -> Int { tables[kind.index].count }

    /// The seller that operates `storefront`.
    public func seller(of storefront: Int32) -> Int32 { tables[EntityKind.storefront.index].storefrontSeller[Int(storefront)] }

    /// The id of an entity.
    public func id(_ kind: EntityKind, _ index: Int32) -> String { tables[kind.index].ids[index] }

    /// The evidence records about an entity.
    public func evidence(about kind: EntityKind, _ index: Int32) -> [EvidenceRecord] {
        evidenceByEntity[kind.index][index].map { evidence[Int($0)] }
    }

    /// The number of links that end at (for targets) or start from (for sources) an entity, over
    /// every relation; used to find hubs.
    public func degree(of kind: EntityKind, _ index: Int32) -> Int {
        var total = 0
        for relation in Relation.allCases {
            if relation.sourceKind == kind { total += links[relation.index].forward.degree(of: index) }
            if relation.targetKind == kind { total += links[relation.index].backward.degree(of: index) }
        }
        return total
    }
}

/// The entities of one kind: interned ids, the row each came from, and their attribute columns.
public struct EntityTable: Sendable {
    public let kind: EntityKind
    public var ids: IdTable
    /// The 1-based line of each entity's row in its file.
    public var lines: [Int32] = []
    /// Attribute column names (every column but the id), in file order; unknown columns included.
    public var columnNames: [String] = []
    /// `columns[c][entity]`: the value of attribute `columnNames[c]` ("" when unknown).
    public var columns: [[String]] = []
    /// For storefronts: the operating seller's index.
    public var storefrontSeller: [Int32] = []
    /// For addresses and factories: WGS84 coordinates, `nan` when unknown.
    public var latitudes: [Double] = []
    public var longitudes: [Double] = []
    /// For identifiers: the kind and the value as written.
    public var identifierKinds: [IdentifierKind] = []
    public var identifierValues: [String] = []

    public init(kind: EntityKind, capacity: Int = 1024) {
        self.kind = kind
        ids = IdTable(capacity: capacity)
    }

    public var count: Int { ids.count }

    /// The value of attribute `name` for `entity`, or `""` if the column is absent or the cell empty.
    public func attribute(_ name: String, of entity: Int32) -> String {
        guard let column = columnNames.firstIndex(of: name) else { return "" }
        return columns[column][Int(entity)]
    }

    /// The index of the entity with this id.
    public func index(of id: String) -> Int32? { ids.index(of: id) }
}

/// The links of one relation, as parallel arrays in file order plus CSR adjacency both ways.
public struct RelationLinks: Sendable {
    public let relation: Relation
    public var sources: [Int32] = []
    public var targets: [Int32] = []
    /// Days since 1970-01-01, or ``Dates/unknown``.
    public var firstSeen: [Int32] = []
    public var lastSeen: [Int32] = []
    /// The 1-based line in `links.csv` of each link (provenance for referrals); for a link read
    /// from an image, the line of the image in `images.csv`.
    public var lines: [Int32] = []
    /// For links read from an image (OCR): the index of its ``ImageReading`` in
    /// ``SellerNetwork/readings``, `-1` for a row of `links.csv`. Empty when no link was read
    /// from an image.
    public var readings: [Int32] = []
    /// Source index → target indices.
    public var forward = Adjacency()
    /// Target index → source indices.
    public var backward = Adjacency()
    /// Source index → link indices, and target index → link indices.
    public var forwardLinks = Adjacency()
    public var backwardLinks = Adjacency()

    public init(relation: Relation) { self.relation = relation }

    public var count: Int { sources.count }

    /// The image reading a link rests on, or nil for a row of `links.csv`.
    public func reading(of link: Int32) -> Int32? {
        guard Int(link) < readings.count, readings[Int(link)] >= 0 else { return nil }
        return readings[Int(link)]
    }

    mutating func buildAdjacency(sourceCount: Int, targetCount: Int) {
        let linkIndices = (0 ..< Int32(sources.count)).map { $0 }
        forward = Adjacency(rowCount: sourceCount, rows: sources, values: targets)
        backward = Adjacency(rowCount: targetCount, rows: targets, values: sources)
        forwardLinks = Adjacency(rowCount: sourceCount, rows: sources, values: linkIndices)
        backwardLinks = Adjacency(rowCount: targetCount, rows: targets, values: linkIndices)
    }
}

/// One row of `evidence.csv`.
public struct EvidenceRecord: Sendable, Hashable {
    public var entityKind: EntityKind
    public var entity: Int32
    public var kind: EvidenceKind
    public var brand: String
    /// Days since 1970-01-01, or ``Dates/unknown``.
    public var observedOn: Int32
    public var reference: String
    /// The 1-based line in `evidence.csv`.
    public var line: Int32
    /// Who reported it (`source` column: a rights holder, a platform, an authority); "" if unknown.
    public var source: String = ""
}

/// The rows of `listings.csv`, column-wise.
public struct Listings: Sendable {
    public var ids = IdTable(capacity: 1024)
    public var storefronts: [Int32] = []
    public var brands: [String] = []
    public var titles: [String] = []
    /// `nan` when unknown.
    public var prices: [Double] = []
    public var msrps: [Double] = []
    public var currencies: [String] = []
    /// `-1` when unknown.
    public var unitsSold: [Int64] = []
    public var lines: [Int32] = []
    /// Storefront index → listing indices.
    public var byStorefront = Adjacency()

    public init() {}
    public var count: Int { storefronts.count }
}
