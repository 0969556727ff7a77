import Investigation
import SellerGraph

/// The graph the exports share (GraphML, i2): the entities of some rings and the links between
/// them, each link with its provenance. One model, so that `graph.graphml` and `i2/` never
/// disagree on what a ring contains.
struct ExportGraph {
    /// An entity of one or more rings, with its role in each.
    struct Node {
        var kind: EntityKind
        var entity: Int32
        /// The rings holding it, in the order the rings were given (strongest first), with its role there.
        var memberships: [(ring: Ring, role: String)] = []
    }

    /// A directed link: a dataset link of the ring, or a seller operating a storefront.
    struct Edge {
        /// The dataset's relation word, or ``operates`` for seller → storefront.
        var type: String
        var sourceKind: EntityKind
        var source: Int32
        var targetKind: EntityKind
        var target: Int32
        var firstSeen: Int32 = Dates.unknown
        var lastSeen: Int32 = Dates.unknown
        var sourceFile: String
        var sourceLine: Int32
        /// Orders edges deterministically: `operates` first, then relations in ``Relation`` order, then file order.
        var order: (group: Int, index: Int32)
        /// For a link read from an image: what was read, where.
        var reading: ImageReading? = nil
    }

    /// The link type of a seller running a storefront (storefronts.csv's `seller_id`, not links.csv).
    static let operates = "operates"

    /// The ring's edges: each storefront's operating seller, then every link whose both ends are members.
    static func edges(of ring: Ring, in network: SellerNetwork) -> [Edge] {
        var edges: [Edge] = []
        let storefronts = network.table(.storefront)
        let sellers = Set(ring.sellers)
        for storefront in ring.storefronts {
            let seller = network.seller(of: storefront)
            guard seller >= 0, sellers.contains(seller) else { continue }
            edges.append(Edge(type: operates, sourceKind: .seller, source: seller, targetKind: .storefront, target: storefront,
                              sourceFile: EntityKind.storefront.fileName, sourceLine: storefronts.lines[Int(storefront)],
                              order: (0, storefront)))
        }
        for (relation, link) in ring.links {
            let links = network.links(relation)
            // A link read from an image comes from images.csv's row of the image, with the reading.
            let reading = links.reading(of: link).map { network.readings[Int($0)] }
            edges.append(Edge(type: relation.rawValue, sourceKind: relation.sourceKind, source: links.sources[Int(link)],
                              targetKind: relation.targetKind, target: links.targets[Int(link)],
                              firstSeen: links.firstSeen[Int(link)], lastSeen: links.lastSeen[Int(link)],
                              sourceFile: reading == nil ? DatasetLoader.linkFile : DatasetLoader.imageFile, sourceLine: links.lines[Int(link)],
                              order: (1 + relation.index, link), reading: reading))
        }
        return edges
    }

    var nodes: [Node] = []
    /// Distinct edges over all rings, each with the ids of the rings it belongs to.
    var edges: [(edge: Edge, rings: [String])] = []

    /// Merges the rings: one node per distinct entity (ordered by kind, then file order), one
    /// edge per distinct link (ordered by ``Edge/order``).
    init(rings: [Ring], network: SellerNetwork) {
        struct Key: Hashable { var kind: EntityKind; var entity: Int32 }
        struct EdgeKey: Hashable { var group: Int; var index: Int32 }
        var nodeIndex: [Key: Int] = [:]
        var edgeIndex: [EdgeKey: Int] = [:]
        for ring in rings {
            for member in ring.members {
                let key = Key(kind: member.kind, entity: member.entity)
                if nodeIndex[key] == nil {
                    nodeIndex[key] = nodes.count
                    nodes.append(Node(kind: member.kind, entity: member.entity))
                }
                nodes[nodeIndex[key]!].memberships.append((ring, member.role))
            }
            for edge in Self.edges(of: ring, in: network) {
                let key = EdgeKey(group: edge.order.group, index: edge.order.index)
                if let existing = edgeIndex[key] {
                    if edges[existing].rings.last != ring.id { edges[existing].rings.append(ring.id) }
                } else {
                    edgeIndex[key] = edges.count
                    edges.append((edge, [ring.id]))
                }
            }
        }
        nodes.sort { ($0.kind.index, $0.entity) < ($1.kind.index, $1.entity) }
        edges.sort { ($0.edge.order.group, $0.edge.order.index) < ($1.edge.order.group, $1.edge.order.index) }
    }
}

extension SellerNetwork {
    /// WGS84 coordinates of an address or factory; `nan` for other kinds or when unknown.
    func coordinates(_ kind: EntityKind, _ entity: Int32) -> (latitude: Double, longitude: Double) {
        let table = table(kind)
        guard Int(entity) < table.latitudes.count, Int(entity) < table.longitudes.count else { return (.nan, .nan) }
        return (table.latitudes[Int(entity)], table.longitudes[Int(entity)])
    }

    /// How many evidence rows about an entity are of this kind.
    func evidenceCount(_ kind: EntityKind, _ entity: Int32, of evidenceKind: EvidenceKind) -> Int {
        evidenceByEntity[kind.index][entity].reduce(0) { $0 + (evidence[Int($1)].kind == evidenceKind ? 1 : 0) }
    }
}
