import SellerGraph

/// Turns a community of sellers into a ``Ring``: its storefronts, the non-hub accounts,
/// addresses and factories they use (with their role), the hubs they touch, the links among
/// members and the evidence about any of them.
public struct RingAssembler: Sendable {
    let network: SellerNetwork
    let projection: Projection
    /// Seller index → storefront indices.
    let storefrontsBySeller: Adjacency
    /// Each hub by its entity, so that assembling a ring touching a hub costs no scan of all hubs.
    let hubs: [EntityKey: Projection.Hub]

    public init(network: SellerNetwork, projection: Projection) {
        self.network = network
        self.projection = projection
        storefrontsBySeller = Adjacency(rowCount: network.count(of: .seller),
                                        rows: network.table(.storefront).storefrontSeller,
                                        values: (0 ..< Int32(network.count(of: .storefront))).map { $0 })
        hubs = Dictionary(uniqueKeysWithValues: projection.hubs.map { (EntityKey(kind: $0.kind, entity: $0.entity), $0) })
    }

    /// The storefronts a seller operates.
    public func storefronts(of seller: Int32) -> ArraySlice<Int32> { storefrontsBySeller[seller] }

    /// Assembles the ring of `sellers` (sorted seller indices).
    public func assemble(sellers: [Int32]) -> Ring {
        var ring = Ring(sellers: sellers)
        for seller in sellers { ring.storefronts.append(contentsOf: storefrontsBySeller[seller]) }
        ring.storefronts.sort()

        // Entity → (roles seen, ring sellers using it). Keyed by (kind, index) for determinism.
        struct Usage { var relations: Set<Relation> = []; var sellers: Set<Int32> = [] }
        var usage: [EntityKey: Usage] = [:]
        var hubLinks: [EntityKey: Int] = [:]
        var internalLinks: [(Relation, Int32)] = []

        func use(_ relation: Relation, _ target: Int32, seller: Int32, link: Int32) {
            // A private IP address binds no one: not a member, not a hub.
            if relation.targetKind == .identifier && !projection.identifierResolution.isLinkable(target) { return }
            let key = EntityKey(kind: relation.targetKind, entity: target)
            if projection.isHub(relation.targetKind, target) {
                // With resolved addresses every spelling of a hub place is the hub, listed once
                // under its place's representative.
                // Every spelling of a hub identifier is listed under its group's first row.
                hubLinks[EntityKey(kind: relation.targetKind, entity: projection.representative(relation.targetKind, target)), default: 0] += 1
                return
            }
            usage[key, default: Usage()].relations.insert(relation)
            usage[key, default: Usage()].sellers.insert(seller)
            internalLinks.append((relation, link))
        }
        for storefront in ring.storefronts {
            let seller = network.seller(of: storefront)
            for relation in [Relation.paysTo, .returnsTo, .shipsFrom, .suppliedBy, .uses] {
                let links = network.links(relation)
                for link in links.forwardLinks[storefront] { use(relation, links.targets[Int(link)], seller: seller, link: link) }
            }
        }
        for seller in sellers {
            for relation in [Relation.registeredAt, .registeredWith] {
                let links = network.links(relation)
                for link in links.forwardLinks[seller] { use(relation, links.targets[Int(link)], seller: seller, link: link) }
            }
        }
        // Factory sites and transfers between the ring's accounts.
        let factoryKeys = usage.keys.filter { $0.kind == .factory }.sorted()
        var sites: Set<Int32> = []
        for key in factoryKeys {
            let located = network.links(.locatedAt)
            for link in located.forwardLinks[key.entity] {
                let address = located.targets[Int(link)]
                if usage[EntityKey(kind: .address, entity: address)] == nil && !projection.isHub(.address, address) { sites.insert(address) }
                internalLinks.append((.locatedAt, link))
            }
        }
        let transfers = network.links(.transfersTo)
        for key in usage.keys where key.kind == .paymentAccount {
            for link in transfers.forwardLinks[key.entity] where usage[EntityKey(kind: .paymentAccount, entity: transfers.targets[Int(link)])] != nil {
                internalLinks.append((.transfersTo, link))
            }
        }

        for seller in sellers { ring.members.append(Ring.Member(kind: .seller, entity: seller, role: "seller", ringSellers: 1)) }
        for storefront in ring.storefronts { ring.members.append(Ring.Member(kind: .storefront, entity: storefront, role: "storefront", ringSellers: 1)) }
        // With resolved addresses, an address is shared when its place is, in any spelling:
        // one seller returning to "Rm 301, No. 12 Xingfu Rd" and another to "幸福路12号301室"
        // share one return address.
        let resolution = projection.addressResolution
        var placeSellers: [Int32: Set<Int32>] = [:]
        if let resolution {
            for (key, used) in usage where key.kind == .address {
                placeSellers[resolution.representative[Int(key.entity)], default: []].formUnion(used.sellers)
            }
        }
        // Identifiers likewise: one phone written two ways, used by two sellers, is shared.
        let folding = projection.identifierResolution
        var groupSellers: [Int32: Set<Int32>] = [:]
        for (key, used) in usage where key.kind == .identifier {
            groupSellers[folding.representative[Int(key.entity)], default: []].formUnion(used.sellers)
        }
        let identifierKinds = network.table(.identifier).identifierKinds
        for key in usage.keys.sorted() {
            let used = usage[key]!
            let place: Int32? = switch key.kind {
            case .address: resolution.map { $0.representative[Int(key.entity)] }
            case .identifier: folding.representative[Int(key.entity)]
            default: nil
            }
            let sellers = place.map { (key.kind == .identifier ? groupSellers[$0] : placeSellers[$0])!.count } ?? used.sellers.count
            let shared = sellers >= 2
            let role: String
            switch key.kind {
            case .paymentAccount: role = shared ? "shared_payout_account" : "payout_account"
            case .factory: role = shared ? "shared_supplier" : "supplier"
            case .identifier: role = (shared ? "shared_" : "") + identifierKinds[Int(key.entity)].rawValue
            default:
                if used.relations.contains(.returnsTo) { role = shared ? "shared_return_address" : "return_address" }
                else if used.relations.contains(.registeredAt) { role = shared ? "shared_registration_address" : "registration_address" }
                else { role = shared ? "shared_ship_from_address" : "ship_from_address" }
            }
            ring.members.append(Ring.Member(kind: key.kind, entity: key.entity, role: role, ringSellers: sellers, place: place))
        }
        for address in sites.sorted() {
            ring.members.append(Ring.Member(kind: .address, entity: address, role: "factory_site", ringSellers: 0,
                                            place: resolution.map { $0.representative[Int(address)] }))
        }

        ring.hubs = hubLinks.keys.sorted().map { key in
            let hub = hubs[key]!
            return Ring.TouchedHub(hub: hub, ringLinks: hubLinks[key]!)
        }
        ring.links = internalLinks.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { (relation: $0.0, link: $0.1) }

        var evidence: [Int32] = []
        for member in ring.members { evidence.append(contentsOf: network.evidenceByEntity[member.kind.index][member.entity]) }
        ring.evidence = evidence.sorted()
        return ring
    }
}

/// An entity named by kind and index, ordered by kind then index.
public struct EntityKey: Hashable, Comparable, Sendable {
    public var kind: EntityKind
    public var entity: Int32

    public init(kind: EntityKind, entity: Int32) {
        self.kind = kind
        self.entity = entity
    }

    public static func < (lhs: EntityKey, rhs: EntityKey) -> Bool {
        lhs.kind != rhs.kind ? lhs.kind < rhs.kind : lhs.entity < rhs.entity
    }
}
