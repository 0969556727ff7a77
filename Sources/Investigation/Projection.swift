import Communities
import SellerGraph

/// How sellers are linked: the seller graph projected from the infrastructure they share.
///
/// Two sellers are linked by every payment account, address and factory that their storefronts
/// (or, for a registration address, they themselves) use in common, and by money transfers
/// between their accounts. Each shared entity `e` used by `k` distinct sellers adds
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
        /// Entities used by more distinct sellers than this are hubs, kept out of linking.
        /// A counterfeit ring shares *small* pools (DATASET.md); 200 sellers on one account is a
        /// marketplace service, not an operator. Lowered automatically if the pairs would not fit
        /// ``pairBudget``.
        public var hubLimit = 200
        /// The most seller pairs the projection may create before the hub limit is lowered.
        public var pairBudget = 60_000_000

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

    /// The undirected weighted graph of sellers (node `i` is seller index `i`).
    public var graph: WeightedGraph
    public var hubs: [Hub]
    /// For each infrastructure kind, whether each entity is a hub.
    public var isHub: [[Bool]]
    /// The hub limit actually used (lower than asked if the pair budget required it).
    public var hubLimit: Int
    public var parameters: Parameters

    /// Projects `network` onto its sellers.
    ///
    /// - Complexity: O(L log L + P) time for L links and P seller pairs made (P ≤ ``Parameters/pairBudget``);
    ///   O(P) memory.
    public init(network: SellerNetwork, parameters: Parameters = Parameters()) {
        self.parameters = parameters
        let sellerCount = network.count(of: .seller)
        let storefrontSeller = network.table(.storefront).storefrontSeller
        let linking: [Relation] = [.paysTo, .returnsTo, .registeredAt, .shipsFrom, .suppliedBy]

        // Distinct sellers per (relation, entity), and per entity over all its relations.
        var sellersByRelation: [Relation: Adjacency] = [:]
        for relation in linking {
            sellersByRelation[relation] = Projection.distinctSellers(network: network, relation: relation, storefrontSeller: storefrontSeller)
        }
        var isHub: [[Bool]] = EntityKind.allCases.map { [Bool](repeating: false, count: network.count(of: $0)) }
        var sellerCounts: [[Int]] = EntityKind.allCases.map { [Int](repeating: 0, count: network.count(of: $0)) }
        for kind in [EntityKind.paymentAccount, .address, .factory] {
            let relations = linking.filter { $0.targetKind == kind }
            for entity in 0 ..< Int32(network.count(of: kind)) {
                if relations.count == 1 {
                    sellerCounts[kind.index][Int(entity)] = sellersByRelation[relations[0]]!.degree(of: entity)
                } else {
                    var union = Set<Int32>()
                    for relation in relations { union.formUnion(sellersByRelation[relation]![entity]) }
                    sellerCounts[kind.index][Int(entity)] = union.count
                }
            }
        }
        // The hub limit, lowered until the pairs fit the budget.
        var limit = parameters.hubLimit
        while limit > 10 {
            var pairs = 0
            for relation in linking {
                let sellers = sellersByRelation[relation]!
                for entity in 0 ..< Int32(sellers.rowCount) where sellerCounts[relation.targetKind.index][Int(entity)] <= limit {
                    let k = sellers.degree(of: entity)
                    pairs += k * (k - 1) / 2
                }
            }
            if pairs <= parameters.pairBudget { break }
            limit = limit * 3 / 4
        }
        hubLimit = limit
        var hubs: [Hub] = []
        for kind in [EntityKind.paymentAccount, .address, .factory] {
            for entity in 0 ..< Int32(network.count(of: kind)) where sellerCounts[kind.index][Int(entity)] > limit {
                isHub[kind.index][Int(entity)] = true
                hubs.append(Hub(kind: kind, entity: entity, sellers: sellerCounts[kind.index][Int(entity)], links: network.degree(of: kind, entity)))
            }
        }
        hubs.sort { $0.sellers != $1.sellers ? $0.sellers > $1.sellers : ($0.kind != $1.kind ? $0.kind < $1.kind : $0.entity < $1.entity) }

        var sources: [Int32] = []
        var targets: [Int32] = []
        var weights: [Double] = []
        for relation in linking {
            let sellers = sellersByRelation[relation]!
            let relationWeight = parameters.weight(of: relation)
            let hubFlags = isHub[relation.targetKind.index]
            for entity in 0 ..< Int32(sellers.rowCount) where !hubFlags[Int(entity)] {
                let members = sellers[entity]
                let k = members.count
                guard k >= 2 else { continue }
                let pairWeight = relationWeight / Double(k - 1)
                for first in members.indices {
                    for second in (first + 1) ..< members.endIndex {
                        sources.append(members[first])
                        targets.append(members[second])
                        weights.append(pairWeight)
                    }
                }
            }
        }
        // Money transfers: the sellers paid into one account tied to those paid into the other,
        // split over the pairs so that a pooled account does not tie everyone to everyone.
        let payouts = sellersByRelation[.paysTo]!
        let transfers = network.links(.transfersTo)
        let accountHub = isHub[EntityKind.paymentAccount.index]
        for link in 0 ..< transfers.count {
            let from = transfers.sources[link]
            let to = transfers.targets[link]
            guard !accountHub[Int(from)], !accountHub[Int(to)] else { continue }
            let fromSellers = payouts[from]
            let toSellers = payouts[to]
            guard !fromSellers.isEmpty, !toSellers.isEmpty else { continue }
            let pairWeight = parameters.transfersTo / Double(fromSellers.count * toSellers.count)
            for a in fromSellers {
                for b in toSellers where a != b {
                    sources.append(a)
                    targets.append(b)
                    weights.append(pairWeight)
                }
            }
        }
        graph = WeightedGraph(nodeCount: sellerCount, sources: sources, targets: targets, weights: weights)
        self.hubs = hubs
        self.isHub = isHub
    }

    /// Whether an infrastructure entity is a hub.
    public func isHub(_ kind: EntityKind, _ entity: Int32) -> Bool {
        isHub[kind.index][Int(entity)]
    }

    /// For each target entity of `relation`, its distinct sellers in increasing index order.
    static func distinctSellers(network: SellerNetwork, relation: Relation, storefrontSeller: [Int32]) -> Adjacency {
        let links = network.links(relation)
        let targetCount = network.count(of: relation.targetKind)
        var rows: [Int32] = []
        var values: [Int32] = []
        rows.reserveCapacity(links.count)
        values.reserveCapacity(links.count)
        var scratch: [Int32] = []
        for entity in 0 ..< Int32(targetCount) {
            scratch.removeAll(keepingCapacity: true)
            for source in links.backward[entity] {
                scratch.append(relation.sourceKind == .storefront ? storefrontSeller[Int(source)] : source)
            }
            if scratch.count > 1 { scratch.sort() }
            var previous: Int32 = -1
            for seller in scratch where seller != previous {
                rows.append(entity)
                values.append(seller)
                previous = seller
            }
        }
        return Adjacency(rowCount: targetCount, rows: rows, values: values)
    }
}
