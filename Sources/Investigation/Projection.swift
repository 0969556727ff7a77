import Communities
import SellerGraph

/// How sellers are linked: the seller graph projected from the infrastructure they share.
///
/// Two sellers are linked by every payment account, address, factory and identifier (phone,
/// e-mail, device, IP, WeChat or QQ id, ID document, website; see ``IdentifierWeights``) that
/// their storefronts (or, for a registration, they themselves) use in common, and by money
/// transfers between their accounts. Each shared entity `e` used by `k` distinct sellers adds
/// `relationWeight / (k − 1)` to each of its `k(k − 1)/2` seller pairs: the resource-allocation
/// discount. It gives every entity the same total pull on each seller, spread over the others that
/// share it, so an account shared by 3 sellers binds them strongly and a warehouse shared by 300
/// binds each pair 100× less. Under the CPM objective (see ``RingDetector``) that is what keeps
/// honest sellers of a mid-size warehouse apart while a ring's small pools pull it together.
///
/// Entities used by more than ``Parameters/hubLimit`` sellers are hubs (logistics warehouses,
/// escrow pools, OEM factories): they are kept out of linking altogether and reported. That
/// also bounds memory: no hub's k² pairs are ever made.
public struct Projection: Sendable {
    /// The relation weights: how much sharing one entity through this relation says.
    public struct Parameters: Sendable, Equatable {
        /// A shared payout account: money of several sellers lands in one place. Strongest.
        public var paysTo = 1.0
        /// A shared return address: printed on parcels, chosen by the operator.
        public var returnsTo = 0.8
        /// A shared registration address: a registered office; families share it too.
        public var registeredAt = 0.6
        /// A shared ship-from address: often a warehouse many sellers rent.
        public var shipsFrom = 0.4
        /// A shared factory: legitimate suppliers serve many sellers, so it says little alone.
        public var suppliedBy = 0.1
        /// Money moving between two accounts: a direct tie between their sellers.
        public var transfersTo = 1.0
        /// Sending money to (or receiving it from) the same third account: a ring's collection
        /// account, or just a supplier many honest sellers pay. Weak alone.
        public var sharedCounterparty = 0.25
        /// Entities used by more distinct sellers than this are hubs, kept out of linking.
        /// A counterfeit ring shares *small* pools (DATASET.md); 200 sellers on one account is a
        /// marketplace service, not an operator. Lowered automatically if the pairs would not fit
        /// ``pairBudget``.
        public var hubLimit = 200
        /// Link through resolved addresses (one place written several ways is one address).
        /// Off by default: measured on generated worlds it was not at least as good for ring
        /// detection (20k seed 1: ring precision@k 0.970 → 0.955, seller recall 0.970 → 0.961;
        /// 100k seed 1: precision@k 0.952 → 0.958 but seller precision 0.992 → 0.987; docs/address-resolution.md,
        /// "Address resolution").
        public var resolvesAddresses = false
        /// The most seller pairs the projection may create before the hub limit is lowered.
        public var pairBudget = 60_000_000
        /// How much sharing one identifier says, by kind (``IdentifierWeights``).
        public var identifiers = IdentifierWeights()
        /// Discount entities that behave like a service (a registered agent's office or phone, a
        /// payment collector's account, a freight forwarder's address): each keeps the share
        /// `min(1, (c + 2) / k)` of its weight, `c` of its `k` users being tied to another of them
        /// from the other side of the business (``ServiceDiscount``).
        public var discountsServices = true

        public init() {}

        func weight(of relation: Relation) -> Double {
            switch relation {
            case .paysTo: paysTo
            case .returnsTo: returnsTo
            case .registeredAt: registeredAt
            case .shipsFrom: shipsFrom
            case .suppliedBy: suppliedBy
            case .transfersTo: transfersTo
            case .locatedAt: 0
            // By the identifier's kind, not the relation: see ``identifierUses(in:resolution:parameters:)``.
            case .uses, .registeredWith: 0
            }
        }
    }

    /// An entity left out of linking because too many sellers use it.
    public struct Hub: Sendable, Hashable {
        public var kind: EntityKind
        public var entity: Int32
        /// Distinct sellers using it.
        public var sellers: Int
        /// Storefronts (or, for a registration address, sellers) linked to it.
        public var links: Int
    }

    /// The seller pairs with their weights, canonical and in fixed point (``SellerLinks``);
    /// ``graph`` is the same as a weighted graph.
    public internal(set) var links = SellerLinks(sellerCount: 0, sources: [], targets: [], weights: [], strongWeights: [])
    public var hubs: [Hub]
    /// For each infrastructure kind, whether each entity is a hub.
    public var isHub: [[Bool]]
    /// The hub limit actually used (lower than asked if the pair budget required it).
    public var hubLimit: Int
    public var parameters: Parameters
    /// Who uses each account, address and factory (addresses by resolved place).
    var users: [EntityKind: EntityUsers]
    /// Addresses that are a factory's site.
    var factorySites: [Bool]
    /// The address merges used for linking (nil when ``Parameters/resolvesAddresses`` is off).
    public var addressResolution: AddressResolver?
    /// The identifiers folded (one phone written several ways is one phone); always used.
    public var identifierResolution: IdentifierResolution

    /// Projects `network` onto its sellers.
    ///
    /// - Complexity: O(L log L + P) time for L links and P seller pairs made (P ≤ ``Parameters/pairBudget``);
    ///   O(L + P) memory.
    /// - Parameter threads: threads for resolving addresses and folding identifiers (the result is the
    ///   same for any number).
    public init(network: SellerNetwork, parameters: Parameters = Parameters(), threads: Int = 1) {
        self.parameters = parameters
        let sellerCount = network.count(of: .seller)

        // Who uses each entity, and how strongly: a seller's weight for an entity is that of the
        // strongest relation by which it uses it (an address one seller returns to and another
        // ships from is still shared).
        var users: [EntityKind: EntityUsers] = [:]
        var addressResolution: AddressResolver?
        var factorySites = [Bool](repeating: false, count: network.count(of: .address))
        for address in network.links(.locatedAt).targets { factorySites[Int(address)] = true }
        for kind in [EntityKind.paymentAccount, .address, .factory] {
            var (rows, sellers, weights) = Projection.uses(of: kind, in: network, parameters: parameters)
            if kind == .address && parameters.resolvesAddresses {
                // One place written several ways is one address: link through resolved places.
                // A hub merges only with a hub (a ring's return address cannot vanish into a
                // warehouse); a place is a factory's site if any of its spellings is.
                let raw = EntityUsers(entityCount: network.count(of: kind), rows: rows, sellers: sellers, weights: weights)
                let resolution = AddressResolver(network: network, isHub: { raw.count(of: $0) > parameters.hubLimit }, threads: threads)
                rows = rows.map { resolution.representative[Int($0)] }
                factorySites = Projection.placesAreSites(factorySites, resolution: resolution)
                addressResolution = resolution
            }
            if kind == .address {
                // A workshop's own site, shipped from or returned to, is the workshop: it weighs
                // as a shared factory, so that two rings buying from one workshop stay two.
                for position in rows.indices where factorySites[Int(rows[position])] { weights[position] = min(weights[position], parameters.suppliedBy) }
            }
            users[kind] = EntityUsers(entityCount: network.count(of: kind), rows: rows, sellers: sellers, weights: weights)
        }
        // Identifiers: every spelling of one identifier is its group's first row (folding, not
        // matching: the same key is the same identifier), weighted by kind.
        let identifierResolution = IdentifierResolution(network: network, threads: threads)
        let identifierUses = Projection.identifierUses(in: network, resolution: identifierResolution, parameters: parameters)
        users[.identifier] = EntityUsers(entityCount: network.count(of: .identifier), rows: identifierUses.rows,
                                         sellers: identifierUses.sellers, weights: identifierUses.weights)

        // The hub limit, lowered until the pairs fit the budget.
        var limit = parameters.hubLimit
        while limit > Projection.hubLimitFloor {
            var pairs = 0
            for kind in users.keys {
                for entity in 0 ..< Int32(network.count(of: kind)) {
                    let k = users[kind]!.count(of: entity)
                    if k <= limit { pairs += k * (k - 1) / 2 }
                }
            }
            if pairs <= parameters.pairBudget { break }
            limit = limit * Projection.hubLimitStep.numerator / Projection.hubLimitStep.denominator
        }
        hubLimit = limit
        var isHub: [[Bool]] = EntityKind.allCases.map { [Bool](repeating: false, count: network.count(of: $0)) }
        var hubs: [Hub] = []
        let identifierGroupLinks = Projection.groupDegrees(resolution: identifierResolution, network: network)
        for kind in Projection.linkingKinds {
            for entity in 0 ..< Int32(network.count(of: kind)) where users[kind]!.count(of: entity) > limit {
                isHub[kind.index][Int(entity)] = true
                let links = kind == .identifier ? identifierGroupLinks[Int(entity)] : network.degree(of: kind, entity)
                hubs.append(Hub(kind: kind, entity: entity, sellers: users[kind]!.count(of: entity), links: links))
            }
        }
        // Every spelling of a hub identifier is the hub.
        for identifier in 0 ..< network.count(of: .identifier) where isHub[EntityKind.identifier.index][Int(identifierResolution.representative[identifier])] {
            isHub[EntityKind.identifier.index][identifier] = true
        }
        if let addressResolution {
            // Every spelling of a hub place is the hub.
            for address in 0 ..< network.count(of: .address) where isHub[EntityKind.address.index][Int(addressResolution.representative[address])] {
                isHub[EntityKind.address.index][address] = true
            }
        }
        self.addressResolution = addressResolution
        self.identifierResolution = identifierResolution
        hubs.sort { $0.sellers != $1.sellers ? $0.sellers > $1.sellers : ($0.kind != $1.kind ? $0.kind < $1.kind : $0.entity < $1.entity) }
        if parameters.discountsServices {
            // Services many unrelated sellers buy weigh by how many of their users share more.
            let discount = ServiceDiscount(network: network, users: users, isHub: isHub, factorySites: factorySites, parameters: parameters)
            for (kind, shares) in discount.shares { users[kind]!.scale(by: shares) }
        }

        var pairs = SellerPairs()
        for kind in Projection.linkingKinds {
            let entityUsers = users[kind]!
            for entity in 0 ..< Int32(network.count(of: kind)) where !isHub[kind.index][Int(entity)] {
                pairs.addClique(entityUsers.sellers(of: entity), entityUsers.weights(of: entity))
            }
        }
        // Money. A transfer between two accounts ties the sellers paid into one to those paid
        // into the other: a direct tie, split over the pairs so that a pooled account does not
        // tie everyone to everyone. Accounts that send money to (or receive it from) the same
        // third account are tied much more weakly (``Parameters/sharedCounterparty``): a ring's
        // collection account looks like that, but so does a supplier that many honest sellers
        // pay. Hub accounts (escrow pools) are skipped on both sides.
        let transfers = network.links(.transfersTo)
        let payouts = users[.paymentAccount]!
        let accountHub = isHub[EntityKind.paymentAccount.index]
        Projection.forEachTransferPair(transfers, payouts: payouts, accountHub: accountHub, weight: parameters.transfersTo) { a, b, weight in
            pairs.sources.append(a)
            pairs.targets.append(b)
            pairs.weights.append(weight)
        }
        var group: [Int32] = []
        var groupWeights: [Double] = []
        for account in 0 ..< Int32(network.count(of: .paymentAccount)) where !accountHub[Int(account)] {
            guard transfers.forward.degree(of: account) + transfers.backward.degree(of: account) >= 2 else { continue }
            group.removeAll(keepingCapacity: true)
            for other in transfers.forward[account] where !accountHub[Int(other)] { group.append(contentsOf: payouts.sellers(of: other)) }
            for other in transfers.backward[account] where !accountHub[Int(other)] { group.append(contentsOf: payouts.sellers(of: other)) }
            group.sort()
            group = group.reduce(into: []) { unique, seller in if unique.last != seller { unique.append(seller) } }
            guard group.count >= 2, group.count <= limit else { continue }
            groupWeights = [Double](repeating: parameters.sharedCounterparty, count: group.count)
            pairs.addClique(group[...], groupWeights[...])
        }
        self.hubs = hubs
        self.isHub = isHub
        self.users = users
        self.factorySites = factorySites
        // Summed in fixed point, in canonical order: the same bits as the Spark job's (``SellerLinks``).
        var strongPairs = SellerPairs()
        forEachStrongPair(in: network) { a, b, weight in
            strongPairs.sources.append(a)
            strongPairs.targets.append(b)
            strongPairs.weights.append(weight)
        }
        links = SellerLinks(sellerCount: sellerCount, all: pairs, strong: strongPairs)
    }

    /// Every use of an entity of `kind` by a seller, with the weight of its relation: the entity,
    /// the seller (a storefront's operator), the weight; in relation then link order.
    static func uses(of kind: EntityKind, in network: SellerNetwork, parameters: Parameters) -> (rows: [Int32], sellers: [Int32], weights: [Double]) {
        let storefrontSeller = network.table(.storefront).storefrontSeller
        var rows: [Int32] = []
        var sellers: [Int32] = []
        var weights: [Double] = []
        for relation in Relation.allCases where relation.targetKind == kind && relation != .transfersTo && parameters.weight(of: relation) > 0 {
            let links = network.links(relation)
            let weight = parameters.weight(of: relation)
            rows.append(contentsOf: links.targets)
            sellers.append(contentsOf: relation.sourceKind == .storefront ? links.sources.map { storefrontSeller[Int($0)] } : links.sources)
            weights.append(contentsOf: repeatElement(weight, count: links.count))
        }
        return (rows, sellers, weights)
    }

    /// The addresses of `network` resolved as the projection resolves them: an address used by
    /// more than ``Parameters/hubLimit`` distinct sellers is a hub and merges only with a hub.
    /// (`ringscope resolve` shows these merges.)
    public static func resolveAddresses(in network: SellerNetwork, parameters: Parameters = Parameters(), threads: Int = 1) -> AddressResolver {
        let (rows, sellers, weights) = uses(of: .address, in: network, parameters: parameters)
        let users = EntityUsers(entityCount: network.count(of: .address), rows: rows, sellers: sellers, weights: weights)
        return AddressResolver(network: network, isHub: { users.count(of: $0) > parameters.hubLimit }, threads: threads)
    }

    /// Calls `body` with every seller pair tied by *strong* links only — shared non-hub payout
    /// accounts, shared addresses that are not a factory's site (among the sellers that return to
    /// or register at it; shipping from it is not a strong tie), shared identifiers of the kinds
    /// one operator controls (``IdentifierWeights/strongKinds``), direct transfers — and the
    /// pair's weight from them. Shared factories and shared counterparties are left out: they
    /// are what honest customers of one supplier, and two rings buying from one workshop, have
    /// in common. Replays the projection instead of storing a second graph.
    public func forEachStrongPair(in network: SellerNetwork, _ body: (Int32, Int32, Double) -> Void) {
        let identifierKinds = network.table(.identifier).identifierKinds
        // An address binds strongly only the sellers that return to it or register at it: a
        // ship-from address is often a rented warehouse or a freight forwarder that unrelated
        // shops (and several rings) use, so users whose strongest tie to it is shipping are left
        // out of its strong pairs (reused buffers: no allocation per address).
        var kept: [Int32] = [], keptWeights: [Double] = []
        for kind in [EntityKind.paymentAccount, .address, .identifier] {
            let entityUsers = users[kind]!
            for entity in 0 ..< Int32(network.count(of: kind)) where !isHub[kind.index][Int(entity)] {
                if kind == .address && factorySites[Int(entity)] { continue }
                if kind == .identifier && !IdentifierWeights.strongKinds.contains(identifierKinds[Int(entity)]) { continue }
                let sellers = entityUsers.sellers(of: entity), weights = entityUsers.weights(of: entity)
                if kind == .address, weights.contains(where: { $0 <= parameters.shipsFrom }) {
                    kept.removeAll(keepingCapacity: true)
                    keptWeights.removeAll(keepingCapacity: true)
                    for (seller, weight) in zip(sellers, weights) where weight > parameters.shipsFrom {
                        kept.append(seller)
                        keptWeights.append(weight)
                    }
                    // Discounted over all its users, as in the projection: leaving the shippers
                    // out must not make the pairs left stronger than they were.
                    Projection.forEachCliquePair(kept[...], keptWeights[...], users: sellers.count, body)
                } else {
                    Projection.forEachCliquePair(sellers, weights, body)
                }
            }
        }
        Projection.forEachTransferPair(network.links(.transfersTo), payouts: users[.paymentAccount]!,
                                       accountHub: isHub[EntityKind.paymentAccount.index], weight: parameters.transfersTo, body)
    }

    /// The k(k − 1)/2 pairs of `sellers`, each weighted by the mean of its two sellers' weights
    /// over k − 1 (the resource-allocation discount).
    @inline(__always)
    static func forEachCliquePair(_ sellers: ArraySlice<Int32>, _ weights: ArraySlice<Double>, users: Int? = nil, _ body: (Int32, Int32, Double) -> Void) {
        let k = sellers.count
        guard k >= 2 else { return }
        // `users`: the entity's users the discount counts, when only some of them pair.
        let discount = 1 / Double(max(k, users ?? k) - 1)
        let base = sellers.startIndex, weightBase = weights.startIndex
        for first in 0 ..< k {
            for second in (first + 1) ..< k {
                body(sellers[base + first], sellers[base + second], (weights[weightBase + first] + weights[weightBase + second]) * 0.5 * discount)
            }
        }
    }

    /// For each transfer between two non-hub accounts, the pairs (seller paid into the source,
    /// seller paid into the target), each weighted `weight / (sources × targets)` so that a
    /// pooled account does not tie everyone to everyone.
    static func forEachTransferPair(_ transfers: RelationLinks, payouts: EntityUsers, accountHub: [Bool], weight: Double,
                                    _ body: (Int32, Int32, Double) -> Void) {
        for link in 0 ..< transfers.count {
            let from = transfers.sources[link], to = transfers.targets[link]
            guard !accountHub[Int(from)], !accountHub[Int(to)] else { continue }
            let fromSellers = payouts.sellers(of: from), toSellers = payouts.sellers(of: to)
            guard !fromSellers.isEmpty, !toSellers.isEmpty else { continue }
            let pairWeight = weight / Double(fromSellers.count * toSellers.count)
            for a in fromSellers { for b in toSellers where a != b { body(a, b, pairWeight) } }
        }
    }

    /// Whether an infrastructure entity is a hub.
    public func isHub(_ kind: EntityKind, _ entity: Int32) -> Bool {
        isHub[kind.index][Int(entity)]
    }

    /// The row that stands for `entity`: for an address, its place's representative when
    /// addresses are resolved; for an identifier, its group's first row (every writing of one
    /// phone is that phone); otherwise the entity itself. What rings, hubs and ties are keyed by.
    public func representative(_ kind: EntityKind, _ entity: Int32) -> Int32 {
        switch kind {
        case .address: addressResolution?.representative[Int(entity)] ?? entity
        case .identifier: identifierResolution.representative[Int(entity)]
        default: entity
        }
    }

    /// For each address, whether its place is a factory's site (any spelling of it is one).
    static func placesAreSites(_ factorySites: [Bool], resolution: AddressResolver) -> [Bool] {
        var placeIsSite = [Bool](repeating: false, count: factorySites.count)
        for address in factorySites.indices where factorySites[address] { placeIsSite[Int(resolution.representative[address])] = true }
        return factorySites.indices.map { placeIsSite[Int(resolution.representative[$0])] }
    }
}

/// For each entity, its distinct sellers (increasing) with the weight of the strongest relation
/// by which each uses it.
struct EntityUsers {
    private var offsets: [Int]
    private var sellerList: [Int32]
    private var weightList: [Double]

    init(entityCount: Int, rows: [Int32], sellers: [Int32], weights: [Double]) {
        var offsets = [Int](repeating: 0, count: entityCount + 1)
        for row in rows { offsets[Int(row) + 1] += 1 }
        for entity in 0 ..< entityCount { offsets[entity + 1] += offsets[entity] }
        var cursor = Array(offsets.dropLast())
        var pairs = [(Int32, Double)](repeating: (0, 0), count: rows.count)
        for position in rows.indices {
            let row = Int(rows[position])
            pairs[cursor[row]] = (sellers[position], weights[position])
            cursor[row] += 1
        }
        var compactOffsets = [0]
        compactOffsets.reserveCapacity(entityCount + 1)
        var sellerList: [Int32] = []
        var weightList: [Double] = []
        sellerList.reserveCapacity(rows.count)
        weightList.reserveCapacity(rows.count)
        for entity in 0 ..< entityCount {
            var slice = pairs[offsets[entity] ..< offsets[entity + 1]]
            slice.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 > $1.1 }
            var previous: Int32 = -1
            for (seller, weight) in slice where seller != previous {
                sellerList.append(seller)
                weightList.append(weight)
                previous = seller
            }
            compactOffsets.append(sellerList.count)
        }
        self.offsets = compactOffsets
        self.sellerList = sellerList
        self.weightList = weightList
    }

    func count(of entity: Int32) -> Int { offsets[Int(entity) + 1] - offsets[Int(entity)] }

    /// Multiplies every user's weight for each entity by that entity's share.
    mutating func scale(by shares: [Double]) {
        for entity in shares.indices where shares[entity] != 1 {
            for position in offsets[entity] ..< offsets[entity + 1] { weightList[position] *= shares[entity] }
        }
    }
    func sellers(of entity: Int32) -> ArraySlice<Int32> { sellerList[offsets[Int(entity)] ..< offsets[Int(entity) + 1]] }
    func weights(of entity: Int32) -> ArraySlice<Double> { weightList[offsets[Int(entity)] ..< offsets[Int(entity) + 1]] }
}

/// Seller pairs with weights, appended clique by clique; duplicates are summed by ``WeightedGraph``.
struct SellerPairs {
    var sources: [Int32] = []
    var targets: [Int32] = []
    var weights: [Double] = []

    /// Adds the k(k − 1)/2 pairs of `sellers`, each weighted by the mean of its two sellers'
    /// weights over k − 1 (the resource-allocation discount).
    mutating func addClique(_ sellers: ArraySlice<Int32>, _ sellerWeights: ArraySlice<Double>) {
        Projection.forEachCliquePair(sellers, sellerWeights) { a, b, weight in
            sources.append(a)
            targets.append(b)
            weights.append(weight)
        }
    }
}
