import SellerGraph

/// The traps real marketplace exports hold (DATASET.md, "What real data looks like"), added to a
/// built world by `ringscope generate --traps`: honest structures that look like rings, and
/// rings that look honest. A pass of its own, on its own random stream, after
/// ``WorldBuilder`` and ``IdentifierBuilder``: it re-points existing links and drops or adds
/// evidence, so a world without `--traps` is byte-identical to what it was.
///
/// Every share is a named constant below, documented in docs/generator.md; the answer key
/// (`truth/traps.csv`) says which trap each seller belongs to.
struct TrapBuilder {
    typealias G = WorldGenerator

    // MARK: - The traps' probabilities

    /// Accounting-firm offices: one per 10,000 sellers (at least one). Small sellers in China
    /// commonly register at their accountant's or an incubator's office.
    static let sellersPerAgent = 10_000
    /// Honest clients registered at one agent's office: uniform in this range, below the
    /// analysis's hub limit, so degree alone cannot tell the office from a ring's address.
    static let agentClients = 50 ... 180
    /// A client also registers with the firm's phone (the accountant fills in the form).
    static let agentPhoneShare = 0.6
    /// Small third-party payment collectors (a payment agent receiving a shop's takings): one
    /// per 10,000 sellers (at least one).
    static let sellersPerCollector = 10_000
    /// Honest storefronts paid through one collector.
    static let collectorStorefronts = 20 ... 150
    /// A collector pays the takings on to the storefront's seller's own account (`transfers_to`).
    static let collectorPayoutShare = 0.5
    /// Honest families in which one member sells fakes alone, with a confirmed fake.
    static let loneInFamilyShare = 0.1
    /// Rings with no confirmed fake, seizure or takedown anywhere: only complaints, price
    /// anomalies and keyword matches remain (at least one such ring when there are three or more).
    static let evidenceFreeRingShare = 0.15
    /// Evidence an evidence-free ring keeps none of.
    static let confirmingEvidence: Set<EvidenceKind> = [.testPurchaseFake, .seizure, .takedown]
    /// Rings (with two or more pool accounts) whose storefronts rotate payout accounts over time.
    static let rotatingRingShare = 0.5
    /// In a rotating ring, a storefront paid into the pool splits its period into 2–3
    /// consecutive windows, each paid into another pool account (pools overlap across time).
    static let rotatingStorefrontShare = 0.6
    /// Freight forwarders: one per 20,000 sellers (at least one).
    static let sellersPerForwarder = 20_000
    /// Rings that ship through one forwarder (as many as there are, if fewer).
    static let forwarderRings = 3 ... 6
    /// A storefront of such a ring ships from the forwarder.
    static let forwarderRingStorefrontShare = 0.3
    /// Honest storefronts shipping from one forwarder.
    static let forwarderHonestStorefronts = 30 ... 120
    /// Ring sizes with traps: 2 to 400 sellers (Pareto, as without traps); see
    /// ``WorldGenerator/Parameters/enableTraps()``.
    static let ringSizeRange = 2 ... 400

    private(set) var world: GeneratedWorld
    private var random: SplitMix64
    private var storefrontsOf: [[Int32]] = []
    private var linksOf: [[Int32]] = []
    /// Sellers already given a trap of the honest kind (so traps do not stack on one seller).
    private var taken: [Bool] = []

    init(world: GeneratedWorld, seed: UInt64) {
        self.world = world
        random = SplitMix64(seed: seed, stream: 57)
    }

    mutating func build() {
        let sellers = world.sellerCity.count
        storefrontsOf = Array(repeating: [], count: sellers)
        for (storefront, seller) in world.storefrontSeller.enumerated() { storefrontsOf[Int(seller)].append(Int32(storefront)) }
        taken = world.sellerRing.indices.map { world.sellerRing[$0] >= 0 || world.sellerFamily[$0] >= 0 }
        for seller in world.loneCounterfeiters { taken[Int(seller)] = true }
        indexLinks()
        recordRings()
        makeAgents()
        makeCollectors()
        makeForwarders()
        makeLoneInFamilies()
        rotatePayouts()
        stripEvidence()
    }

    /// Links by source entity (storefront or seller), for re-pointing.
    private mutating func indexLinks() {
        linksOf = Array(repeating: [], count: max(world.storefrontSeller.count, world.sellerCity.count))
        let relations = Relation.allCases
        for link in world.linkSource.indices {
            let source = relations[Int(world.linkRelation[link])].sourceKind
            guard source == .storefront || source == .seller else { continue }
            linksOf[Int(world.linkSource[link])].append(Int32(link))
        }
    }

    /// The links of one relation from a storefront or a seller (the relation says which).
    private func links(of source: Int32, _ relation: Relation) -> [Int32] {
        linksOf[Int(source)].filter { world.linkRelation[Int($0)] == UInt8(relation.index) }
    }

    private mutating func record(_ seller: Int32, _ trap: Trap, _ group: TrapGroup) {
        world.trapSeller.append(seller)
        world.trapKind.append(trap.rawValue)
        world.trapGroup.append(group)
    }

    /// Every ring member, with the ring-shape traps (pairs, rings larger than before) and the
    /// hidden members of ``IdentifierBuilder``.
    private mutating func recordRings() {
        var hiddenPerRing = [Int](repeating: 0, count: world.ringMembers.count)
        for member in world.hiddenMembers { hiddenPerRing[Int(member.ring)] += 1 }
        for (ring, members) in world.ringMembers.enumerated() {
            for seller in members {
                record(seller, .ring, .ring(Int32(ring)))
                // Two sellers as built, before a hidden member joins.
                if members.count - hiddenPerRing[ring] == 2 { record(seller, .pairRing, .ring(Int32(ring))) }
                if members.count > 250 { record(seller, .largeRing, .ring(Int32(ring))) }
            }
        }
        for member in world.hiddenMembers {
            record(member.seller, member.image ? .hiddenImage : .hiddenIdentifier, .ring(member.ring))
        }
        for seller in world.loneCounterfeiters { record(seller, .loneCounterfeiter, .seller(seller)) }
    }

    /// Honest independent sellers not yet in a trap, grouped by city; shuffled.
    private mutating func freeSellersByCity() -> [[Int32]] {
        var byCity = Array(repeating: [Int32](), count: G.cities.count)
        for seller in world.sellerCity.indices where !taken[seller] && !storefrontsOf[seller].isEmpty {
            byCity[Int(world.sellerCity[seller])].append(Int32(seller))
        }
        for city in byCity.indices { random.shuffle(&byCity[city]) }
        return byCity
    }

    /// A city drawn by how many free sellers it has, and up to `count` of them (removed).
    private mutating func drawNeighbours(_ byCity: inout [[Int32]], count: Int) -> [Int32] {
        let total = byCity.reduce(0) { $0 + $1.count }
        guard total > 0 else { return [] }
        var pick = random.below(total)
        var city = 0
        while pick >= byCity[city].count { pick -= byCity[city].count; city += 1 }
        let chosen = Array(byCity[city].suffix(count))
        byCity[city].removeLast(chosen.count)
        for seller in chosen { taken[Int(seller)] = true }
        return chosen
    }

    // MARK: - Honest structures that look like rings

    /// Accounting-firm offices: the firm's own registration address becomes where 50–180 honest
    /// sellers of its city register, most with the firm's phone.
    private mutating func makeAgents() {
        var byCity = freeSellersByCity()
        for _ in 0 ..< max(1, world.sellerCity.count / Self.sellersPerAgent) {
            let wanted = random.between(Self.agentClients.lowerBound, Self.agentClients.upperBound)
            let group = drawNeighbours(&byCity, count: wanted + 1)
            guard group.count >= 2, let firm = group.first, let office = links(of: firm, .registeredAt).first else { continue }
            let officeAddress = world.linkTarget[Int(office)]
            let phone = links(of: firm, .registeredWith).first {
                world.lineKind[Int(world.identifierLine[Int(world.linkTarget[Int($0)])])] == UInt8(IdentifierKind.phone.index)
            }.map { world.linkTarget[Int($0)] }
            record(firm, .agentClient, .address(officeAddress))
            for client in group.dropFirst() {
                for link in links(of: client, .registeredAt) { world.linkTarget[Int(link)] = officeAddress }
                if let phone, random.chance(Self.agentPhoneShare) {
                    addLink(client, phone, .registeredWith, first: world.sellerRegisteredOn[Int(client)], last: WorldCalendar.end)
                }
                record(client, .agentClient, .address(officeAddress))
            }
        }
    }

    /// Small payment collectors: an honest business's own account receives the takings of
    /// 20–150 storefronts of other honest sellers and pays half of them on.
    private mutating func makeCollectors() {
        var byCity = freeSellersByCity()
        let escrow = Set(world.escrowAccounts)
        for _ in 0 ..< max(1, world.sellerCity.count / Self.sellersPerCollector) {
            let wanted = random.between(Self.collectorStorefronts.lowerBound, Self.collectorStorefronts.upperBound)
            // Storefronts, not sellers: draw sellers until their storefronts cover the count.
            guard let owner = drawNeighbours(&byCity, count: 1).first else { continue }
            var ownLink: Int32?
            for storefront in storefrontsOf[Int(owner)] where ownLink == nil {
                ownLink = links(of: storefront, .paysTo).first { !escrow.contains(world.linkTarget[Int($0)]) }
            }
            guard let ownLink else { continue }
            let collector = world.linkTarget[Int(ownLink)]
            record(owner, .collectorClient, .account(collector))
            var paid = 0
            while paid < wanted {
                let clients = drawNeighbours(&byCity, count: 8)
                if clients.isEmpty { break }
                for client in clients where paid < wanted {
                    var ownAccount: Int32 = -1
                    for storefront in storefrontsOf[Int(client)] where paid < wanted {
                        for link in links(of: storefront, .paysTo) {
                            let target = world.linkTarget[Int(link)]
                            if !escrow.contains(target), ownAccount < 0 { ownAccount = target }
                            world.linkTarget[Int(link)] = collector
                        }
                        paid += 1
                    }
                    if ownAccount >= 0, random.chance(Self.collectorPayoutShare) {
                        addLink(collector, ownAccount, .transfersTo, first: world.sellerRegisteredOn[Int(client)], last: WorldCalendar.end)
                    }
                    record(client, .collectorClient, .account(collector))
                }
            }
        }
    }

    /// Freight forwarders: an honest business's registration address that storefronts of 3–6
    /// rings and 30–120 honest storefronts ship from.
    private mutating func makeForwarders() {
        var byCity = freeSellersByCity()
        let hidden = Set(world.hiddenMembers.map(\.seller))
        for _ in 0 ..< max(1, world.sellerCity.count / Self.sellersPerForwarder) {
            guard let owner = drawNeighbours(&byCity, count: 1).first, let site = links(of: owner, .registeredAt).first else { continue }
            let forwarder = world.linkTarget[Int(site)]
            record(owner, .forwarderCustomer, .address(forwarder))
            var rings = Array(world.ringMembers.indices.filter { world.ringMembers[$0].count >= 3 })
            random.shuffle(&rings)
            for ring in rings.prefix(random.between(Self.forwarderRings.lowerBound, Self.forwarderRings.upperBound)) {
                for seller in world.ringMembers[ring] where !hidden.contains(seller) {
                    var uses = false
                    for storefront in storefrontsOf[Int(seller)] where random.chance(Self.forwarderRingStorefrontShare) {
                        for link in links(of: storefront, .shipsFrom) { world.linkTarget[Int(link)] = forwarder }
                        uses = true
                    }
                    if uses { record(seller, .forwarderRing, .ring(Int32(ring))) }
                }
            }
            var shipped = 0
            let wanted = random.between(Self.forwarderHonestStorefronts.lowerBound, Self.forwarderHonestStorefronts.upperBound)
            while shipped < wanted {
                let clients = drawNeighbours(&byCity, count: 8)
                if clients.isEmpty { break }
                for client in clients where shipped < wanted {
                    for storefront in storefrontsOf[Int(client)] where shipped < wanted {
                        for link in links(of: storefront, .shipsFrom) { world.linkTarget[Int(link)] = forwarder }
                        shipped += 1
                    }
                    record(client, .forwarderCustomer, .address(forwarder))
                }
            }
        }
    }

    /// One member of some honest families sells fakes: a confirmed fake test purchase on one of
    /// its storefronts and that storefront's branded listings priced at 10–30% of retail. The
    /// rest of the family shares its office and bank account as before.
    private mutating func makeLoneInFamilies() {
        var families = Array(repeating: [Int32](), count: world.familyCount)
        for seller in world.sellerFamily.indices where world.sellerFamily[seller] >= 0 && world.sellerRing[seller] < 0 {
            families[Int(world.sellerFamily[seller])].append(Int32(seller))
        }
        var listingsOf: [Int32: [Int32]] = [:]
        var chosen: [(lone: Int32, family: [Int32])] = []
        for family in families where family.count >= 2 && random.chance(Self.loneInFamilyShare) {
            let lone = family[random.below(family.count)]
            guard !storefrontsOf[Int(lone)].isEmpty else { continue }
            chosen.append((lone, family))
        }
        guard !chosen.isEmpty else { return }
        let storefrontOfLone = Dictionary(uniqueKeysWithValues: chosen.map { (storefrontsOf[Int($0.lone)][0], $0.lone) })
        for (listing, storefront) in world.listingStorefront.enumerated() where storefrontOfLone[storefront] != nil {
            listingsOf[storefront, default: []].append(Int32(listing))
        }
        for (lone, family) in chosen {
            let storefront = storefrontsOf[Int(lone)][0]
            var brand = UInt8(random.below(G.brands.count))
            for listing in listingsOf[storefront] ?? [] {
                let msrp = world.listingMsrpCents[Int(listing)]
                guard msrp > 0 else { continue }
                brand = world.listingBrand[Int(listing)]
                world.listingPriceCents[Int(listing)] = Int32(Double(msrp) * (0.1 + 0.2 * random.unit()))
            }
            let opened = world.storefrontOpenedOn[Int(storefront)]
            addEvidence(.storefront, storefront, .testPurchaseFake, brand: brand,
                        day: opened + Int32(random.below(Int(max(1, WorldCalendar.end - opened)))))
            record(lone, .familyLoneCounterfeiter, .seller(lone))
            for member in family where member != lone { record(member, .familyOfLone, .seller(lone)) }
        }
    }

    // MARK: - Rings that look honest

    /// Rotating payout accounts: in half of the rings with two or more pool accounts, most
    /// storefronts paid into the pool move from account to account over 2–3 windows.
    private mutating func rotatePayouts() {
        var pools = Array(repeating: [Int32](), count: world.ringMembers.count)
        for account in world.accountKind.indices where world.accountKind[account] == AccountKind.ringPool.rawValue {
            pools[Int(world.accountOwner[account])].append(Int32(account))
        }
        let hidden = Set(world.hiddenMembers.map(\.seller))
        for (ring, pool) in pools.enumerated() where pool.count >= 2 && random.chance(Self.rotatingRingShare) {
            let poolSet = Set(pool)
            for seller in world.ringMembers[ring] where !hidden.contains(seller) {
                var rotates = false
                for storefront in storefrontsOf[Int(seller)] {
                    for link in links(of: storefront, .paysTo) where poolSet.contains(world.linkTarget[Int(link)]) {
                        guard random.chance(Self.rotatingStorefrontShare) else { continue }
                        let first = world.linkFirst[Int(link)], last = world.linkLast[Int(link)]
                        let windows = random.between(2, 3)
                        guard last - first >= Int32(windows * 30) else { continue }
                        let step = (last - first) / Int32(windows)
                        var previous = world.linkTarget[Int(link)]
                        world.linkLast[Int(link)] = first + step - 1
                        for window in 1 ..< windows {
                            var next = pool[random.below(pool.count)]
                            if next == previous { next = pool[(pool.firstIndex(of: next)! + 1) % pool.count] }
                            let start = first + step * Int32(window)
                            addLink(storefront, next, .paysTo, first: start, last: window == windows - 1 ? last : start + step - 1)
                            previous = next
                        }
                        rotates = true
                    }
                }
                if rotates { record(seller, .rotatingPayouts, .ring(Int32(ring))) }
            }
        }
    }

    /// Evidence-free rings: every confirmed fake, seizure and takedown on the ring's sellers,
    /// storefronts, its own accounts, the addresses only it uses and the workshops only it uses
    /// is removed.
    private mutating func stripEvidence() {
        let rings = world.ringMembers.count
        guard rings > 0 else { return }
        var chosen = (0 ..< rings).filter { _ in random.chance(Self.evidenceFreeRingShare) }
        if chosen.isEmpty, rings >= 3 { chosen = [random.below(rings)] }
        guard !chosen.isEmpty else { return }
        let chosenSet = Set(chosen.map(Int32.init))
        // Which ring alone uses each address: -1 nobody yet, -2 shared with anyone else.
        var addressUser = [Int32](repeating: -1, count: world.addressPlace.count)
        let relations = Relation.allCases
        for link in world.linkSource.indices {
            let relation = relations[Int(world.linkRelation[link])]
            guard relation.targetKind == .address else { continue }
            let user: Int32
            switch relation.sourceKind {
            case .storefront: user = world.sellerRing[Int(world.storefrontSeller[Int(world.linkSource[link])])]
            case .seller: user = world.sellerRing[Int(world.linkSource[link])]
            default: user = -2
            }
            let target = Int(world.linkTarget[link])
            addressUser[target] = addressUser[target] == -1 ? (user >= 0 ? user : -2) : (addressUser[target] == user ? user : -2)
        }
        let ringAccountKinds: Set<UInt8> = [AccountKind.ringPool.rawValue, AccountKind.ringCollector.rawValue, AccountKind.offshore.rawValue]
        let entityKinds = EntityKind.allCases, evidenceKinds = EvidenceKind.allCases
        var keep = [Bool](repeating: true, count: world.evidenceKind.count)
        for row in keep.indices where Self.confirmingEvidence.contains(evidenceKinds[Int(world.evidenceKind[row])]) {
            let entity = Int(world.evidenceEntity[row])
            let ring: Int32
            switch entityKinds[Int(world.evidenceEntityKind[row])] {
            case .seller: ring = world.sellerRing[entity]
            case .storefront: ring = world.sellerRing[Int(world.storefrontSeller[entity])]
            case .paymentAccount: ring = ringAccountKinds.contains(world.accountKind[entity]) ? world.accountOwner[entity] : -1
            case .address: ring = addressUser[entity]
            case .factory: ring = world.factoryRings[entity].count == 1 ? world.factoryRings[entity][0] : -1
            default: ring = -1
            }
            if chosenSet.contains(ring) { keep[row] = false }
        }
        func filter<T>(_ array: inout [T]) { array = array.indices.filter { keep[$0] }.map { array[$0] } }
        filter(&world.evidenceEntityKind)
        filter(&world.evidenceEntity)
        filter(&world.evidenceKind)
        filter(&world.evidenceBrand)
        filter(&world.evidenceDay)
        filter(&world.evidenceNumber)
        filter(&world.evidenceListing)
        for ring in chosen {
            for seller in world.ringMembers[ring] { record(seller, .evidenceFreeRing, .ring(Int32(ring))) }
        }
    }

    // MARK: - Rows

    private mutating func addLink(_ source: Int32, _ target: Int32, _ relation: Relation, first: Int32, last: Int32) {
        world.appendLink(source, target, relation, first: first, last: last)
    }

    private mutating func addEvidence(_ kind: EntityKind, _ entity: Int32, _ evidence: EvidenceKind, brand: UInt8, day: Int32) {
        world.appendEvidence(kind, entity, evidence, brand: brand, day: day, number: UInt32(truncatingIfNeeded: random.next()))
    }
}

/// A trap of `truth/traps.csv`: what makes a seller hard to judge. A seller may be in several.
enum Trap: UInt8, CaseIterable {
    /// Every ring member (the baseline row of the per-trap table).
    case ring
    /// A member of a ring built with two sellers (before its hidden member joined).
    case pairRing
    /// A member of a ring of more than 250 sellers (larger than worlds without traps make).
    case largeRing
    /// A member of a ring with no confirmed fake, seizure or takedown.
    case evidenceFreeRing
    /// A ring member whose storefronts rotate payout accounts over time.
    case rotatingPayouts
    /// A ring member with storefronts shipping from a freight forwarder honest sellers use too.
    case forwarderRing
    /// A ring member tied to its ring only through an identifier / only through an image.
    case hiddenIdentifier, hiddenImage
    /// An honest seller registered at an accounting firm's office (the firm included).
    case agentClient
    /// An honest seller paid through a small payment collector (the collector's owner included).
    case collectorClient
    /// An honest seller shipping from a freight forwarder (the forwarder's owner included).
    case forwarderCustomer
    /// The one member of an honest family who sells fakes.
    case familyLoneCounterfeiter
    /// The other members of that family.
    case familyOfLone
    /// An honest seller selling fakes alone, outside any family.
    case loneCounterfeiter

    var name: String {
        switch self {
        case .ring: "ring"
        case .pairRing: "pair_ring"
        case .largeRing: "large_ring"
        case .evidenceFreeRing: "evidence_free_ring"
        case .rotatingPayouts: "rotating_payouts"
        case .forwarderRing: "forwarder_ring"
        case .hiddenIdentifier: "hidden_identifier"
        case .hiddenImage: "hidden_image"
        case .agentClient: "agent_client"
        case .collectorClient: "collector_client"
        case .forwarderCustomer: "forwarder_customer"
        case .familyLoneCounterfeiter: "family_lone_counterfeiter"
        case .familyOfLone: "family_of_lone"
        case .loneCounterfeiter: "lone_counterfeiter"
        }
    }
}

/// What a trap row's `group_id` names: the ring, or the shared entity that makes the trap.
enum TrapGroup {
    case ring(Int32), address(Int32), account(Int32), seller(Int32)
}
