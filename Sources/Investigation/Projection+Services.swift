import SellerGraph

/// Entities that behave like a service many unrelated sellers buy — a registered agent's office
/// or phone, a payment collector's account, a freight forwarder's warehouse — without being used
/// by enough sellers to be a hub.
///
/// What tells a service from an operation is what its users share *besides* it. An operator's
/// sellers are one business: their money lands in the same places, and the accounts they are paid
/// into are also tied to the same return addresses and contacts. A service's clients are
/// separate businesses: each has its own bank account, its own return address, its own phone;
/// they share the service and nothing else. So each user of a shared entity is checked for a
/// *corroborating* tie to another of its users, from the other side of the business:
///
/// - an **address or identifier** (where a shop is, how it is reached: what agents, forwarders
///   and shop-setup agencies provide) is corroborated by money — the two sellers are paid into
///   one non-hub account, or a transfer joins their accounts;
/// - a **payment account** (what a collector provides) is corroborated by anything else one
///   operator controls — another shared non-hub account, a shared return or registration address
///   (not a factory's site), a shared phone, e-mail, messaging id or ID document
///   (``IdentifierWeights/strongKinds``) — or a transfer between the two sellers' other accounts.
///
/// Shipping from one address and sharing a device, an IP or a website never corroborate: rented
/// warehouses and shared offices give those to strangers.
///
/// An entity with `k` users of which `c` are corroborated keeps the share `min(1, (c + 2) / k)`
/// of its weight (``Projection/Parameters/discountsServices``). Two sellers sharing one account or
/// one return address is what a link is, so a pair keeps it all; each user beyond the pair needs
/// its own corroboration. A ring's pool, whose users also share money, keeps its weight; a
/// member tied to its ring only through the ring's phone keeps its tie, because the phone's
/// other users are corroborated; an agent's office used by 120 clients with 120 bank accounts
/// keeps 2/120 of it, so its clients no longer bind one another (nor, through it, a ring that
/// happens to use the same agent).
struct ServiceDiscount {
    /// For each linking kind (paymentAccount, address, identifier), the share of its weight each
    /// entity keeps (1 for most).
    var shares: [EntityKind: [Double]] = [:]

    /// - Complexity: for each non-hub entity with k ≥ 3 users, its users' corroborating entities
    ///   and their users: O(Σ k · d · u) with d a seller's shared entities and u their users
    ///   (u ≤ the hub limit).
    init(network: SellerNetwork, users: [EntityKind: EntityUsers], isHub: [[Bool]], factorySites: [Bool],
         parameters: Projection.Parameters) {
        let sellerCount = network.count(of: .seller)
        let identifierKinds = network.table(.identifier).identifierKinds
        /// Whether a use counts as a corroborating tie: an address returned to or registered at
        /// (not a factory's site), an identifier one operator controls, any account.
        func corroborates(_ kind: EntityKind, _ entity: Int32, weight: Double) -> Bool {
            if isHub[kind.index][Int(entity)] { return false }
            switch kind {
            case .address: return !factorySites[Int(entity)] && weight > parameters.shipsFrom
            case .identifier: return IdentifierWeights.strongKinds.contains(identifierKinds[Int(entity)])
            default: return true
            }
        }
        // Entity users and seller → the entities it uses in a corroborating way, by kind index:
        // looked up once here, not through a dictionary (and a copy) on each step of the loops below.
        let kindCount = EntityKind.allCases.count
        var usersOf = [EntityUsers?](repeating: nil, count: kindCount)
        for (kind, entityUsers) in users { usersOf[kind.index] = entityUsers }
        var byseller = [Adjacency?](repeating: nil, count: kindCount)
        for kind in [EntityKind.paymentAccount, .address, .identifier] {
            let entityUsers = users[kind]!
            var rows: [Int32] = [], values: [Int32] = []
            for entity in 0 ..< Int32(network.count(of: kind)) {
                for (seller, weight) in zip(entityUsers.sellers(of: entity), entityUsers.weights(of: entity))
                where corroborates(kind, entity, weight: weight) {
                    rows.append(seller)
                    values.append(entity)
                }
            }
            byseller[kind.index] = Adjacency(rowCount: sellerCount, rows: rows, values: values)
        }
        let transfers = network.links(.transfersTo)
        let accountHub = isHub[EntityKind.paymentAccount.index]
        var stamp = [Int32](repeating: -1, count: sellerCount)
        var token: Int32 = 0

        for kind in [EntityKind.paymentAccount, .address, .identifier] {
            let entityUsers = users[kind]!
            var share = [Double](repeating: 1, count: network.count(of: kind))
            let sides: [EntityKind] = kind == .paymentAccount ? [.paymentAccount, .address, .identifier] : [.paymentAccount]
            for entity in 0 ..< Int32(network.count(of: kind)) where !isHub[kind.index][Int(entity)] {
                let sellers = entityUsers.sellers(of: entity)
                let k = sellers.count
                guard k >= 3 else { continue }
                token &+= 1
                for seller in sellers { stamp[Int(seller)] = token }
                /// Whether another user of `entity` (stamped) shares `other` with `seller` in a corroborating way.
                func sharesOther(_ otherKind: EntityKind, _ other: Int32, with seller: Int32) -> Bool {
                    if otherKind == kind && other == entity { return false }
                    let otherUsers = usersOf[otherKind.index]!
                    for (user, weight) in zip(otherUsers.sellers(of: other), otherUsers.weights(of: other))
                    where user != seller && stamp[Int(user)] == token && corroborates(otherKind, other, weight: weight) {
                        return true
                    }
                    return false
                }
                var corroborated = 0
                for seller in sellers {
                    var tied = false
                    search: for side in sides {
                        for other in byseller[side.index]![seller] where sharesOther(side, other, with: seller) {
                            tied = true
                            break search
                        }
                    }
                    if !tied {
                        // Money moving between this seller's accounts and another user's.
                        money: for account in byseller[EntityKind.paymentAccount.index]![seller] where !(kind == .paymentAccount && account == entity) {
                            for other in transfers.forward[account] where !accountHub[Int(other)] && sharesOther(.paymentAccount, other, with: seller) {
                                tied = true
                                break money
                            }
                            for other in transfers.backward[account] where !accountHub[Int(other)] && sharesOther(.paymentAccount, other, with: seller) {
                                tied = true
                                break money
                            }
                        }
                    }
                    if tied { corroborated += 1 }
                }
                share[Int(entity)] = min(1, Double(corroborated + 2) / Double(k))
            }
            shares[kind] = share
        }
    }
}
