import Investigation
import Rendering
import SellerGraph

/// Turns rings into the diagram models of `Rendering`: a ring diagram per referral package, the
/// overview of the top rings and the factories they share (the map is ``RunMap``'s).
public enum Diagrams {
    /// At most this many of a ring's links to one hub are drawn; the hub node says how many it has.
    static let hubEdgesPerHub = 12

    static func kind(_ kind: EntityKind) -> DiagramEntityKind {
        switch kind {
        case .seller: .seller
        case .storefront: .storefront
        case .paymentAccount: .paymentAccount
        case .address: .address
        case .factory: .factory
        case .identifier: .identifier
        }
    }

    /// The diagram node id of each entity of `ring` (members, then hubs), distinct by bytes:
    /// the dataset id, with the kind appended when another kind in the ring has the same id,
    /// and primes appended while the result is still taken (a storefront may be named
    /// `S1 (seller)` in the data). Ids that differ only in Unicode normalisation stay two ids.
    static func nodeIds(for ring: Ring, in network: SellerNetwork) -> (EntityKind, Int32) -> String {
        var entities: [EntityKey] = []
        var seen: Set<EntityKey> = []
        for member in ring.members where seen.insert(EntityKey(kind: member.kind, entity: member.entity)).inserted {
            entities.append(EntityKey(kind: member.kind, entity: member.entity))
        }
        for touched in ring.hubs where seen.insert(EntityKey(kind: touched.hub.kind, entity: touched.hub.entity)).inserted {
            entities.append(EntityKey(kind: touched.hub.kind, entity: touched.hub.entity))
        }
        var kindsById: [ByteKey: Set<EntityKind>] = [:]
        for key in entities { kindsById[ByteKey(network.id(key.kind, key.entity)), default: []].insert(key.kind) }
        var used: Set<ByteKey> = []
        var names: [EntityKey: String] = [:]
        for key in entities {
            let id = network.id(key.kind, key.entity)
            var name = kindsById[ByteKey(id), default: []].count > 1 ? "\(id) (\(key.kind.rawValue))" : id
            while !used.insert(ByteKey(name)).inserted { name += "'" }
            names[key] = name
        }
        return { kind, entity in names[EntityKey(kind: kind, entity: entity)] ?? "\(network.id(kind, entity)) (\(kind.rawValue))" }
    }

    /// The diagram model of one ring.
    public static func input(for ring: Ring, in investigation: Investigation) -> RingDiagramInput {
        let network = investigation.network
        let nodeId = nodeIds(for: ring, in: network)
        func evidence(_ kind: EntityKind, _ entity: Int32) -> (fakes: Int, seizures: Int, genuine: Int, other: Int) {
            var counts = (fakes: 0, seizures: 0, genuine: 0, other: 0)
            for record in network.evidence(about: kind, entity) {
                switch record.kind {
                case .testPurchaseFake: counts.fakes += 1
                case .seizure: counts.seizures += 1
                case .testPurchaseGenuine: counts.genuine += 1
                default: counts.other += 1
                }
            }
            return counts
        }
        var nodes: [DiagramNode] = []
        var seen: Set<EntityKey> = []
        for member in ring.members where seen.insert(EntityKey(kind: member.kind, entity: member.entity)).inserted {
            let counts = evidence(member.kind, member.entity)
            nodes.append(DiagramNode(id: nodeId(member.kind, member.entity), kind: kind(member.kind),
                                     label: network.displayName(member.kind, member.entity),
                                     confirmedFakes: counts.fakes, seizures: counts.seizures,
                                     genuinePurchases: counts.genuine, otherEvidence: counts.other))
        }
        for touched in ring.hubs {
            nodes.append(DiagramNode(id: nodeId(touched.hub.kind, touched.hub.entity), kind: kind(touched.hub.kind),
                                     label: network.displayName(touched.hub.kind, touched.hub.entity),
                                     hubDegree: touched.hub.links))
        }
        var edges: [DiagramEdge] = []
        for storefront in ring.storefronts {
            edges.append(DiagramEdge(from: nodeId(.seller, network.seller(of: storefront)), to: nodeId(.storefront, storefront), relation: "operates"))
        }
        for (relation, link) in ring.links {
            let links = network.links(relation)
            // A contact read from an image is drawn as such: it is the tie an officer checks on the photo.
            edges.append(DiagramEdge(from: nodeId(relation.sourceKind, links.sources[Int(link)]),
                                     to: nodeId(relation.targetKind, links.targets[Int(link)]),
                                     relation: links.reading(of: link) != nil ? "read_from_image" : relation.rawValue))
        }
        // A few of the ring's links to each hub, so that the page shows what the hub is to it.
        var hubEdges: [EntityKey: Int] = [:]
        for storefront in ring.storefronts {
            for relation in [Relation.paysTo, .shipsFrom, .returnsTo, .suppliedBy, .uses] {
                for spelling in network.links(relation).forward[storefront] where investigation.projection.isHub(relation.targetKind, spelling) {
                    // A hub is drawn once, under its group's first spelling (as RingAssembler lists it).
                    let target = investigation.projection.representative(relation.targetKind, spelling)
                    let key = EntityKey(kind: relation.targetKind, entity: target)
                    guard hubEdges[key, default: 0] < hubEdgesPerHub else { continue }
                    hubEdges[key, default: 0] += 1
                    edges.append(DiagramEdge(from: nodeId(.storefront, storefront), to: nodeId(relation.targetKind, target), relation: relation.rawValue))
                }
            }
        }
        let title = "\(ring.id) · rank \(ring.rank) · score \(String(format: "%.1f", ring.score)) · \(ring.summary)"
        return RingDiagramInput(title: title, nodes: nodes, edges: edges)
    }

    /// The overview of the top rings with the factories that supply them.
    public static func overview(_ investigation: Investigation, top: Int = OverviewDiagram.ringLimit) -> [OverviewRing] {
        let network = investigation.network
        var ringFactories: [String: [OverviewFactory]] = [:]
        for entry in investigation.factories.entries {
            for ringId in entry.rings {
                ringFactories[ringId, default: []].append(OverviewFactory(id: network.id(.factory, entry.factory), label: network.displayName(.factory, entry.factory)))
            }
        }
        return investigation.rings.filter { $0.assessment != .legitimateCluster }.prefix(top).map { ring in
            OverviewRing(id: ring.id, score: ring.score, sellerCount: ring.sellers.count, factories: ringFactories[ring.id] ?? [])
        }
    }
}
