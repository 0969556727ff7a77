import SellerGraph

/// Reads, once the communities are found, who uses each account, address and identifier, and
/// mends three things CPM cannot see (``Investigation/Options/readsExclusiveTies``):
///
/// 0. **Two businesses with one supplier.** A group whose members fall into two or more parts
///    of two or more sellers with nothing but a factory between them is split into those parts
///    (``splittingSupplierOnlyGroups(_:)``).
/// 1. **Fragments of one operation.** CPM bounds a group's size by its members' pull, so a ring
///    of a few hundred sellers comes out in fragments, and the fragments pass
///    (``RingDetector/joiningFragments(_:strong:seed:threads:)``) joins only those that share
///    enough strong weight with the body. An account, a return or registration address (not a
///    factory's site) or a contact one operator controls (phone, e-mail, messaging id, ID
///    document) that *only* members of found groups use is one operator's instrument: the groups
///    holding two or more of its users are joined (a group holding one is where that one
///    member sits, not the operator's, and is left as it is). A service (a registered agent's
///    phone, a collector's account, a forwarder's warehouse) is used by sellers in no group at
///    all, its clients, so it never joins anything.
/// 2. **Members tied by what the hub limit or the pull leaves out.** A seller in no group joins a
///    group when an account, a return or registration address, a strong contact or a device it
///    uses is used *mostly* by that group's members: two or more of them, and more than half of
///    its other users. That is what the operator's own phone or device looks like, however many
///    storefronts log in with it: a device 254 sellers of one ring use is over the hub limit
///    (200) and links no one in the projection, but its users are that ring's members. A
///    carrier's NAT address, an agent's phone, an internet café's machine or a collector's
///    account is used mostly by sellers in no group, so it attaches no one. IP addresses,
///    websites, ship-from addresses and factories never attach: unrelated sellers share those.
///
/// Decided on the groups as found (joins on the split groups, attachments on the joined ones,
/// none cascading), from the dataset alone: the projection read from a Spark folder gives the
/// same result as one made here. Groups of two or more sellers come back as increasing seller indices,
/// ordered by their smallest seller.
struct ExclusiveTies {
    /// Each use of an entity: its users (distinct sellers) and whether each uses it in a way that
    /// can tie (``strongUse``).
    private struct Instruments {
        var kind: EntityKind
        var users: EntityUsers
        /// Whether the entity can join groups (strong kinds only).
        var joins: [Bool]
        /// Whether the entity can attach a seller (strong kinds and devices).
        var attaches: [Bool]
        /// Whether sharing the entity says two sellers are one business (any non-hub entity but
        /// a factory's site), for the split.
        var binds: [Bool]
    }

    private var instruments: [Instruments] = []
    private let sellerCount: Int
    private let shipsFrom: Double
    private let transfers: RelationLinks

    init(network: SellerNetwork, projection: Projection) {
        sellerCount = network.count(of: .seller)
        let parameters = projection.parameters
        shipsFrom = parameters.shipsFrom
        transfers = network.links(.transfersTo)
        var factorySites = [Bool](repeating: false, count: network.count(of: .address))
        for address in network.links(.locatedAt).targets { factorySites[Int(address)] = true }
        // The uses are made again, not taken from the projection: its weights are scaled by the
        // service discount (a ship-from use would no longer be told from a return by its weight)
        // and a projection read from a Spark folder has none.
        for kind in [EntityKind.paymentAccount, .address] {
            var (rows, sellers, weights) = Projection.uses(of: kind, in: network, parameters: parameters)
            if kind == .address, let resolution = projection.addressResolution {
                rows = rows.map { resolution.representative[Int($0)] }
                factorySites = Projection.placesAreSites(factorySites, resolution: resolution)
            }
            let users = EntityUsers(entityCount: network.count(of: kind), rows: rows, sellers: sellers, weights: weights)
            let eligible = kind == .address ? factorySites.map { !$0 } : [Bool](repeating: true, count: network.count(of: kind))
            let binds = eligible.indices.map { eligible[$0] && !projection.isHub(kind, Int32($0)) }
            instruments.append(Instruments(kind: kind, users: users, joins: eligible, attaches: eligible, binds: binds))
        }
        let kinds = network.table(.identifier).identifierKinds
        let uses = Projection.identifierUses(in: network, resolution: projection.identifierResolution, parameters: parameters)
        let users = EntityUsers(entityCount: network.count(of: .identifier), rows: uses.rows, sellers: uses.sellers, weights: uses.weights)
        let joins = kinds.map { IdentifierWeights.strongKinds.contains($0) }
        let attaches = kinds.map { IdentifierWeights.strongKinds.contains($0) || $0 == .device }
        let binds = kinds.indices.map { !projection.isHub(.identifier, Int32($0)) }
        instruments.append(Instruments(kind: .identifier, users: users, joins: joins, attaches: attaches, binds: binds))
    }

    /// Whether a use of an entity of `kind` with relation weight `weight` ties: an address only
    /// when returned to or registered at (shipping from one is what a rented warehouse's tenants
    /// do); every use of an account or an identifier.
    private func strongUse(_ kind: EntityKind, weight: Double) -> Bool {
        kind != .address || weight > shipsFrom
    }

    /// What ``apply(to:)`` made of the groups.
    struct Outcome {
        /// Groups of two or more sellers, each increasing seller indices, ordered by their smallest seller.
        var groups: [[Int32]]
        /// Groups the split added (parts beyond the first of each group split).
        var split = 0
        /// Groups joined into another.
        var joined = 0
        /// Sellers in no group attached to one.
        var attached = 0
    }

    /// `found` (each increasing seller indices) with groups held together only by a supplier
    /// split, fragments joined and outsiders attached.
    ///
    /// - Complexity: O(U + S) for U uses of accounts, addresses and identifiers and S sellers,
    ///   plus the groups' sort.
    func apply(to found: [[Int32]]) -> Outcome {
        let groups = splittingSupplierOnlyGroups(found)
        var outcome = Outcome(groups: groups, split: groups.count - found.count)
        guard !groups.isEmpty else { return outcome }
        var group = [Int32](repeating: -1, count: sellerCount)
        for (index, members) in groups.enumerated() { for seller in members { group[Int(seller)] = Int32(index) } }

        // 1. For an entity whose users all sit in groups, join the groups holding two or more of them.
        var joined = UnionFind(count: groups.count)
        var strongCount: [Int32: Int] = [:]
        for instrument in instruments {
            for entity in 0 ..< Int32(instrument.joins.count) where instrument.joins[Int(entity)] {
                let sellers = instrument.users.sellers(of: entity)
                guard sellers.count >= 4 else { continue }
                // Per group holding a user: its users whose use ties (one that only ships from an
                // address is in the group but does not count towards it).
                strongCount.removeAll(keepingCapacity: true)
                var everyUserInAGroup = true
                for (seller, weight) in zip(sellers, instrument.users.weights(of: entity)) {
                    let found = group[Int(seller)]
                    guard found >= 0 else { everyUserInAGroup = false; break }
                    strongCount[found, default: 0] += strongUse(instrument.kind, weight: weight) ? 1 : 0
                }
                guard everyUserInAGroup else { continue }
                // A group holding one user is where that member sits, not the operator's: left as it is.
                let holding = strongCount.filter { $0.value >= 2 }.keys
                guard holding.count >= 2, let first = holding.min() else { continue }
                for other in holding where other != first { joined.union(first, other) }
            }
        }
        let root = (0 ..< Int32(groups.count)).map { joined.root($0) }
        for seller in 0 ..< sellerCount where group[seller] >= 0 { group[seller] = root[Int(group[seller])] }

        // 2. Attach a seller in no group to the group that holds most of the users of something it
        // uses; a seller two groups claim so stays out.
        var target = [Int32](repeating: -1, count: sellerCount)
        var conflicting = [Bool](repeating: false, count: sellerCount)
        var held: [Int32: Int] = [:]
        for instrument in instruments {
            for entity in 0 ..< Int32(instrument.attaches.count) where instrument.attaches[Int(entity)] {
                let sellers = instrument.users.sellers(of: entity)
                guard sellers.count >= 3 else { continue }
                held.removeAll(keepingCapacity: true)
                for seller in sellers where group[Int(seller)] >= 0 { held[group[Int(seller)], default: 0] += 1 }
                // The group holding most of its other users, if it holds more than half of them
                // (then it is the only one), and at least two.
                guard let (only, most) = held.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }).map({ ($0.key, $0.value) }),
                      most >= 2, 2 * most > sellers.count - 1 else { continue }
                for (seller, weight) in zip(sellers, instrument.users.weights(of: entity))
                where group[Int(seller)] < 0 && strongUse(instrument.kind, weight: weight) {
                    if target[Int(seller)] < 0 {
                        target[Int(seller)] = only
                    } else if target[Int(seller)] != only {
                        conflicting[Int(seller)] = true
                    }
                }
            }
        }
        var members = [[Int32]](repeating: [], count: groups.count)
        for seller in 0 ..< sellerCount {
            if group[seller] >= 0 {
                members[Int(group[seller])].append(Int32(seller))
            } else if target[seller] >= 0 && !conflicting[seller] {
                members[Int(target[seller])].append(Int32(seller))
                outcome.attached += 1
            }
        }
        outcome.groups = members.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }
        outcome.joined = groups.count - Set(root).count
        return outcome
    }
    /// `groups` with each group that falls apart into two or more parts of two or more sellers,
    /// once its shared factories are left out, replaced by those parts.
    ///
    /// Two sellers of a group are tied when they share a non-hub account, address (not a
    /// factory's site) or identifier of any kind, or a transfer joins their accounts; the parts
    /// are the group's connected pieces under those ties. Two rings that buy from one small
    /// workshop share nothing else, but when both are pairs or trios the workshop's weight
    /// (0.1 / (k − 1) per pair for its k users) outweighs γ and CPM puts them in one group: they
    /// are two businesses with one supplier, and DATASET.md's rule is that they remain two rings.
    /// Any other shared thing — a ship-from warehouse, an IP address, a device — keeps the group
    /// whole, so the split only happens where nothing but a supplier holds the group. A seller
    /// of a split group tied to no other member is left out of every part (only a supplier tied
    /// it); a group with one part of two or more is left as it is, satellites and all.
    ///
    /// - Complexity: O(U + T) for U uses and T transfer pairs.
    func splittingSupplierOnlyGroups(_ groups: [[Int32]]) -> [[Int32]] {
        var group = [Int32](repeating: -1, count: sellerCount)
        for (index, members) in groups.enumerated() { for seller in members { group[Int(seller)] = Int32(index) } }
        var tied = UnionFind(count: sellerCount)
        var lastOfGroup: [Int32: Int32] = [:]
        for instrument in instruments {
            for entity in 0 ..< Int32(instrument.binds.count) where instrument.binds[Int(entity)] {
                let sellers = instrument.users.sellers(of: entity)
                guard sellers.count >= 2 else { continue }
                lastOfGroup.removeAll(keepingCapacity: true)
                for seller in sellers where group[Int(seller)] >= 0 {
                    if let previous = lastOfGroup.updateValue(seller, forKey: group[Int(seller)]) { tied.union(previous, seller) }
                }
            }
        }
        let accounts = instruments[0]
        for link in 0 ..< transfers.count {
            let from = transfers.sources[link], to = transfers.targets[link]
            guard accounts.binds[Int(from)], accounts.binds[Int(to)] else { continue }
            for a in accounts.users.sellers(of: from) where group[Int(a)] >= 0 {
                for b in accounts.users.sellers(of: to) where b != a && group[Int(b)] == group[Int(a)] { tied.union(a, b) }
            }
        }
        var result: [[Int32]] = []
        for members in groups {
            var parts: [Int32: [Int32]] = [:]
            for seller in members { parts[tied.root(seller), default: []].append(seller) }
            let kept = parts.values.filter { $0.count >= 2 }
            if kept.count >= 2 {
                result += kept
            } else {
                result.append(members)
            }
        }
        return result.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
