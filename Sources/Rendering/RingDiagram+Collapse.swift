/// The ring as it will be drawn: after hub edges are capped and, for big rings,
/// storefronts are grouped under their sellers.
struct DrawnRing: Equatable {
    struct Node: Equatable {
        /// The node, its `id` replaced by its ``diagramKey(_:)``.
        var entity: DiagramNode
        /// The id as the caller gave it, shown on the first line.
        var shownID: String = ""
        /// Shown instead of the id on the first line (for groups: "37 storefronts").
        var heading: String?
        /// Extra lines (for hubs: "+288 ring links not drawn").
        var notes: [String] = []
    }
    struct Edge: Hashable {
        var from: String
        var to: String
        var relation: String
        var directed: Bool
        /// How many input edges this one stands for.
        var count: Int = 1
    }
    var nodes: [Node]
    var edges: [Edge]
    /// Sentences about what was collapsed or left out; shown under the title.
    var notes: [String] = []
}

extension RingDiagram {
    /// Edges drawn to one hub; the rest are counted in its label.
    static let hubEdgeLimit = 12

    /// Checks the input and reduces it to at most `nodeLimit` nodes and `edgeLimit` edges.
    ///
    /// - Complexity: O((n + m) log m) for n nodes and m edges.
    static func drawnRing(_ input: RingDiagramInput, nodeLimit: Int, edgeLimit: Int) throws -> DrawnRing {
        // Every id becomes its byte-exact key (``diagramKey(_:)``); duplicates are checked on
        // the keys, so only ids with the same bytes are duplicates.
        var ids = Set<String>()
        for node in input.nodes where !ids.insert(diagramKey(node.id)).inserted {
            throw RenderingError(.invalidGraph, "ring diagram: duplicate node id \(GraphvizText.quotedForMessage(node.id)); qualify ids that kinds share, e.g. address:1001")
        }
        for edge in input.edges {
            for end in [edge.from, edge.to] where !ids.contains(diagramKey(end)) {
                throw RenderingError(.invalidGraph, "ring diagram: edge \(edge.relation) names unknown node \(GraphvizText.quotedForMessage(end))")
            }
        }
        var ring = DrawnRing(
            nodes: input.nodes.map { node in
                var entity = node
                entity.id = diagramKey(node.id)
                return DrawnRing.Node(entity: entity, shownID: node.id)
            },
            edges: input.edges.map { DrawnRing.Edge(from: diagramKey($0.from), to: diagramKey($0.to), relation: $0.relation,
                                                   directed: $0.directed || $0.relation == "transfers_to") }
        )
        capHubEdges(&ring)
        if ring.nodes.count > nodeLimit {
            // Storefronts with evidence stay visible when that is enough; otherwise all are
            // grouped (their evidence is summed on the group).
            var keepingEvidence = ring
            groupStorefronts(&keepingEvidence, keepingEvidence: true)
            if keepingEvidence.nodes.count <= nodeLimit {
                ring = keepingEvidence
            } else {
                groupStorefronts(&ring, keepingEvidence: false)
            }
        }
        if ring.nodes.count > nodeLimit { groupLeaves(&ring) }
        if ring.nodes.count > nodeLimit { foldGroupsIntoSellers(&ring) }
        if ring.nodes.count > nodeLimit { keepMostImportant(&ring, nodeLimit: nodeLimit) }
        if ring.edges.count > edgeLimit {
            let dropped = ring.edges.count - edgeLimit
            ring.edges = Array(ring.edges.enumerated().sorted { (relationPriority($0.element.relation), $0.offset) < (relationPriority($1.element.relation), $1.offset) }.prefix(edgeLimit)).sorted { $0.offset < $1.offset }.map(\.element)
            ring.notes.append("\(formatted(dropped)) links not drawn")
        }
        return ring
    }

    /// A hub is drawn once; of the ring's edges to it only the first `hubEdgeLimit` are drawn.
    private static func capHubEdges(_ ring: inout DrawnRing) {
        let hubs = Set(ring.nodes.filter { $0.entity.hubDegree != nil }.map(\.entity.id))
        guard !hubs.isEmpty else { return }
        var drawn: [String: Int] = [:]
        var hidden: [String: Int] = [:]
        ring.edges = ring.edges.filter { edge in
            guard let hub = [edge.to, edge.from].first(where: hubs.contains) else { return true }
            drawn[hub, default: 0] += 1
            if drawn[hub]! <= hubEdgeLimit { return true }
            hidden[hub, default: 0] += 1
            return false
        }
        for index in ring.nodes.indices {
            if let count = hidden[ring.nodes[index].entity.id] {
                ring.nodes[index].notes.append("+\(formatted(count)) ring links not drawn")
            }
        }
    }

    /// Replaces the storefronts of each seller by one node "N storefronts".
    private static func groupStorefronts(_ ring: inout DrawnRing, keepingEvidence: Bool) {
        let kinds = Dictionary(uniqueKeysWithValues: ring.nodes.map { ($0.entity.id, $0.entity.kind) })
        var owner: [String: String] = [:]
        for edge in ring.edges {
            if kinds[edge.from] == .seller, kinds[edge.to] == .storefront, owner[edge.to] == nil { owner[edge.to] = edge.from }
            if kinds[edge.to] == .seller, kinds[edge.from] == .storefront, owner[edge.from] == nil { owner[edge.from] = edge.to }
        }
        let labels = Dictionary(uniqueKeysWithValues: ring.nodes.map { ($0.entity.id, $0.entity.label) })
        let shown = Dictionary(uniqueKeysWithValues: ring.nodes.map { ($0.entity.id, $0.shownID) })
        var groups: [String: [Int]] = [:]
        var groupOrder: [String] = []
        for (index, node) in ring.nodes.enumerated()
        where node.entity.kind == .storefront && node.entity.hubDegree == nil && node.heading == nil
            && !(keepingEvidence && node.entity.hasEvidence) {
            let key = owner[node.entity.id] ?? ""
            if groups[key] == nil { groupOrder.append(key) }
            groups[key, default: []].append(index)
        }
        var replacement: [String: String] = [:]
        var newNodes: [DrawnRing.Node] = []
        var existing = Set(ring.nodes.map(\.entity.id))
        for key in groupOrder {
            let members = groups[key]!
            guard members.count > 1 else { continue }
            var id = "storefronts of " + (key.isEmpty ? "no seller" : key)
            while existing.contains(id) { id += "'" }
            existing.insert(id)
            var entity = DiagramNode(id: id, kind: .storefront, label: key.isEmpty ? "seller unknown" : "of \(shown[key] ?? key) \(labels[key] ?? "")")
            for index in members {
                let member = ring.nodes[index].entity
                entity.confirmedFakes += member.confirmedFakes
                entity.seizures += member.seizures
                entity.genuinePurchases += member.genuinePurchases
                entity.otherEvidence += member.otherEvidence
                replacement[member.id] = id
            }
            newNodes.append(DrawnRing.Node(entity: entity, shownID: "storefronts of " + (key.isEmpty ? "no seller" : shown[key] ?? key),
                                           heading: "\(formatted(members.count)) storefronts"))
        }
        guard !replacement.isEmpty else { return }
        merge(&ring, replacement: replacement, newNodes: newNodes)
        ring.notes.append(keepingEvidence
            ? "storefronts without test purchases or seizures grouped under their seller"
            : "storefronts grouped under their seller")
    }

    /// Replaces addresses and payment accounts that hang off one node by "N addresses".
    private static func groupLeaves(_ ring: inout DrawnRing) {
        var neighbours: [String: Set<String>] = [:]
        for edge in ring.edges where edge.from != edge.to {
            neighbours[edge.from, default: []].insert(edge.to)
            neighbours[edge.to, default: []].insert(edge.from)
        }
        var groups: [String: [DiagramNode]] = [:]
        var order: [String] = []
        for node in ring.nodes
        where [.address, .paymentAccount].contains(node.entity.kind) && node.entity.hubDegree == nil && !node.entity.hasEvidence && node.heading == nil {
            guard let only = neighbours[node.entity.id], only.count == 1 else { continue }
            let key = only.first! + "\u{1F}" + node.entity.kind.rawValue
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(node.entity)
        }
        var replacement: [String: String] = [:]
        var newNodes: [DrawnRing.Node] = []
        var existing = Set(ring.nodes.map(\.entity.id))
        let shown = Dictionary(uniqueKeysWithValues: ring.nodes.map { ($0.entity.id, $0.shownID) })
        for key in order {
            let members = groups[key]!
            guard members.count > 1 else { continue }
            let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            let kind = members[0].kind
            var id = "\(kind == .address ? "addresses" : "payment accounts") of \(parts[0])"
            while existing.contains(id) { id += "'" }
            existing.insert(id)
            var entity = DiagramNode(id: id, kind: kind, label: "of \(shown[String(parts[0])] ?? String(parts[0]))")
            entity.otherEvidence = members.reduce(0) { $0 + $1.otherEvidence }
            members.forEach { replacement[$0.id] = id }
            newNodes.append(DrawnRing.Node(entity: entity, heading: "\(formatted(members.count)) \(kind == .address ? "addresses" : "payment accounts")"))
        }
        guard !replacement.isEmpty else { return }
        merge(&ring, replacement: replacement, newNodes: newNodes)
        ring.notes.append("addresses and accounts used by one member grouped")
    }

    /// For rings with many sellers: the node "N storefronts of S" joins its seller S.
    private static func foldGroupsIntoSellers(_ ring: inout DrawnRing) {
        let sellers = Set(ring.nodes.filter { $0.entity.kind == .seller }.map(\.entity.id))
        var groupOwner: [String: String] = [:]
        for edge in ring.edges where edge.relation == "operates" && sellers.contains(edge.from) {
            if let group = ring.nodes.first(where: { $0.entity.id == edge.to && $0.heading != nil && $0.entity.kind == .storefront }) {
                groupOwner[group.entity.id] = edge.from
            }
        }
        guard !groupOwner.isEmpty else { return }
        var byID = Dictionary(uniqueKeysWithValues: ring.nodes.map { ($0.entity.id, $0) })
        for (group, seller) in groupOwner {
            guard let groupNode = byID[group], var sellerNode = byID[seller] else { continue }
            sellerNode.entity.confirmedFakes += groupNode.entity.confirmedFakes
            sellerNode.entity.seizures += groupNode.entity.seizures
            sellerNode.entity.genuinePurchases += groupNode.entity.genuinePurchases
            sellerNode.entity.otherEvidence += groupNode.entity.otherEvidence
            sellerNode.notes.append("operates " + (groupNode.heading ?? "storefronts"))
            byID[seller] = sellerNode
        }
        ring.nodes = ring.nodes.compactMap { groupOwner[$0.entity.id] == nil ? byID[$0.entity.id] : nil }
        var merged: [DrawnRing.Edge] = []
        var position: [DrawnRing.Edge: Int] = [:]
        for var edge in ring.edges {
            edge.from = groupOwner[edge.from] ?? edge.from
            edge.to = groupOwner[edge.to] ?? edge.to
            guard edge.from != edge.to else { continue }
            let count = edge.count
            edge.count = 1
            if let at = position[edge] { merged[at].count += count } else {
                position[edge] = merged.count
                edge.count = count
                merged.append(edge)
            }
        }
        ring.edges = merged
        ring.notes.append("each seller drawn with its storefronts")
    }

    /// Last resort for huge rings: keep factories, hubs, entities with evidence, then the
    /// best-connected ones, and fold the rest of each kind into one node "N other sellers".
    private static func keepMostImportant(_ ring: inout DrawnRing, nodeLimit: Int) {
        var degree: [String: Int] = [:]
        for edge in ring.edges { degree[edge.from, default: 0] += edge.count; degree[edge.to, default: 0] += edge.count }
        func rank(_ node: DrawnRing.Node) -> Int {
            let entity = node.entity
            if entity.kind == .factory { return 0 }
            if entity.hubDegree != nil { return 1 }
            if entity.kind == .seller || node.heading != nil { return 2 }
            if entity.confirmedFakes > 0 || entity.seizures > 0 { return 3 }
            if entity.kind == .paymentAccount { return 4 }
            return 5
        }
        let kindsPresent = Set(ring.nodes.map(\.entity.kind))
        let keep = max(1, nodeLimit - kindsPresent.count)
        // No kind may take more than 40 % of the page, or one row becomes a strip.
        let quota = max(1, nodeLimit * 2 / 5)
        var perKind: [DiagramEntityKind: Int] = [:]
        var kept = Set<Int>()
        for (offset, node) in ring.nodes.enumerated().sorted(by: {
            (rank($0.element), -(degree[$0.element.entity.id] ?? 0), $0.offset) < (rank($1.element), -(degree[$1.element.entity.id] ?? 0), $1.offset)
        }) where kept.count < keep {
            let kind = node.entity.kind
            if perKind[kind, default: 0] < quota || kind == .factory {
                perKind[kind, default: 0] += 1
                kept.insert(offset)
            }
        }
        var folded: [DiagramEntityKind: [DrawnRing.Node]] = [:]
        for (offset, node) in ring.nodes.enumerated() where !kept.contains(offset) {
            folded[node.entity.kind, default: []].append(node)
        }
        var replacement: [String: String] = [:]
        var newNodes: [DrawnRing.Node] = []
        var existing = Set(ring.nodes.map(\.entity.id))
        var foldedCount = 0
        for kind in DiagramEntityKind.allCases {
            guard let members = folded[kind] else { continue }
            // A group node stands for as many entities as it holds.
            let entityCount = members.reduce(0) { $0 + groupSize($1) }
            foldedCount += entityCount
            var id = "other \(kind.plural(2))"
            while existing.contains(id) { id += "'" }
            existing.insert(id)
            var entity = DiagramNode(id: id, kind: kind, label: "not drawn one by one")
            for member in members {
                entity.confirmedFakes += member.entity.confirmedFakes
                entity.seizures += member.entity.seizures
                entity.genuinePurchases += member.entity.genuinePurchases
                entity.otherEvidence += member.entity.otherEvidence
                replacement[member.entity.id] = id
            }
            newNodes.append(DrawnRing.Node(entity: entity, heading: "\(formatted(entityCount)) other \(kind.plural(entityCount))"))
        }
        guard !replacement.isEmpty else { return }
        merge(&ring, replacement: replacement, newNodes: newNodes)
        ring.notes.append("\(formatted(foldedCount)) less connected entities folded into \"other\" nodes (see members.csv)")
    }

    /// How many input entities a drawn node stands for ("37 storefronts" → 37).
    private static func groupSize(_ node: DrawnRing.Node) -> Int {
        guard let heading = node.heading, let number = Int(heading.prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)) else { return 1 }
        return number
    }

    /// Renames nodes per `replacement`, adds the group nodes where their first member was,
    /// and merges parallel edges, counting them.
    private static func merge(_ ring: inout DrawnRing, replacement: [String: String], newNodes: [DrawnRing.Node]) {
        let byID = Dictionary(uniqueKeysWithValues: newNodes.map { ($0.entity.id, $0) })
        var placed = Set<String>()
        var nodes: [DrawnRing.Node] = []
        for node in ring.nodes {
            if let group = replacement[node.entity.id] {
                if placed.insert(group).inserted { nodes.append(byID[group]!) }
            } else {
                nodes.append(node)
            }
        }
        var edges: [DrawnRing.Edge] = []
        var position: [DrawnRing.Edge: Int] = [:]
        for var edge in ring.edges {
            edge.from = replacement[edge.from] ?? edge.from
            edge.to = replacement[edge.to] ?? edge.to
            guard edge.from != edge.to || replacement[edge.from] == nil else { continue }
            let count = edge.count
            edge.count = 1
            if let at = position[edge] {
                edges[at].count += count
            } else {
                position[edge] = edges.count
                edge.count = count
                edges.append(edge)
            }
        }
        ring.nodes = nodes
        ring.edges = edges
    }

    static func relationPriority(_ relation: String) -> Int {
        switch relation {
        case "transfers_to": 0
        case "supplied_by": 1
        case "pays_to": 2
        case "returns_to": 3
        case "operates": 4
        case "located_at", "registered_at": 5
        default: 6
        }
    }

    /// 4312 → "4,312", independent of the locale so that output is deterministic.
    static func formatted(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return number < 0 ? "-" + result : result
    }
}
