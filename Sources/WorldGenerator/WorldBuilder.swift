import Foundation
import SellerGraph

/// Builds the structure of a synthetic world: who the sellers are, what they share, what is
/// known about them. See ``WorldGenerator`` for the picture and `docs/generator.md` for the
/// numbers; every probability below is documented there.
struct WorldBuilder {
    typealias Parameters = WorldGenerator.Parameters
    typealias G = WorldGenerator

    let parameters: Parameters
    private(set) var world: GeneratedWorld
    private var random: SplitMix64
    /// Full addresses already given to a place.
    private var takenAddresses = Set<PlaceKey>()

    private let honestCities: WeightedChoice
    private let ringCities: WeightedChoice
    private let honestPlatforms: WeightedChoice
    private let ringPlatforms: WeightedChoice
    private let providers: WeightedChoice
    private let brandChoice: WeightedChoice
    private var hubChoice = WeightedChoice([1])
    private var hubPrimaryAddress: [Int32] = []
    private var hubAlternateAddress: [Int32] = []
    private var escrowChoice = WeightedChoice([1])
    private var oems: [Int32] = []
    private var oemChoice = WeightedChoice([1])
    private var suppliers: [Int32] = []
    private var supplierChoice = WeightedChoice([1])
    private var workshops: [Int32] = []
    private var ownAccounts: [Int32] = []
    /// The bank account of each legitimate factory that has one (-1 otherwise), by factory index.
    private var factoryAccount: [Int32] = []
    /// Factories that supplied the seller being built, for its supplier payments.
    private var suppliedFactories: [Int32] = []

    init(parameters: Parameters) {
        self.parameters = parameters
        world = GeneratedWorld(seed: parameters.seed)
        random = SplitMix64(seed: parameters.seed, stream: 1)
        honestCities = WeightedChoice(G.cities.map(\.honestWeight))
        ringCities = WeightedChoice(G.cities.map(\.ringWeight))
        honestPlatforms = WeightedChoice(G.platforms.map(\.honestWeight))
        ringPlatforms = WeightedChoice(G.platforms.map(\.ringWeight))
        providers = WeightedChoice(G.providerWeights)
        brandChoice = WeightedChoice(G.brands.map(\.weight))
    }

    mutating func build() {
        makeInfrastructure()
        let sizes = ringSizes()
        for (ring, size) in sizes.enumerated() { makeRing(Int32(ring), size: size) }
        let ringSellers = sizes.reduce(0, +)
        let familySellers = makeFamilies(budget: Int(Double(parameters.sellers - ringSellers) * parameters.familyShare))
        makeHonestSellers(count: parameters.sellers - ringSellers - familySellers)
        finishWorkshops()
    }

    // MARK: - Infrastructure: hubs, escrow pools, OEMs, suppliers

    private mutating func makeInfrastructure() {
        let hubCities = G.cities.indices.filter { G.cities[$0].hostsHubs }
        let hubCityChoice = WeightedChoice(hubCities.map { G.cities[$0].honestWeight })
        for hub in 0..<parameters.effectiveHubs {
            let city = hubCities[hubCityChoice.draw(&random)]
            let place = newPlace(kind: .hub, city: city, unit: UInt16(hub % G.logisticsParks.count))
            world.hubPlaces.append(place)
            let primaryStyle: G.AddressStyle = G.cities[city].isChinese ? (random.chance(0.5) ? .formal : .chinese) : .formal
            hubPrimaryAddress.append(newAddress(place: place, style: primaryStyle, jitterMetres: 0))
            let alternateStyle: G.AddressStyle = primaryStyle == .formal ? (G.cities[city].isChinese ? .chinese : .upper) : .terse
            hubAlternateAddress.append(newAddress(place: place, style: alternateStyle, jitterMetres: 40))
            // Customs seizures of parcels that passed through the hub: evidence on a hub that
            // says nothing about who sent them.
            for _ in 0..<(1 + random.below(3 + parameters.sellers / 20_000)) {
                addEvidence(.address, hubPrimaryAddress[hub], .seizure, brand: randomBrand(),
                            day: Int32(random.between(Int(WorldCalendar.day(2021, 1, 1)), Int(WorldCalendar.end))))
            }
        }
        hubChoice = WeightedChoice(zipfCount: parameters.effectiveHubs, exponent: 0.7)

        for pool in 0..<parameters.effectiveEscrowPools {
            let account = newAccount(kind: .escrow, owner: Int32(pool), provider: -1)
            world.escrowAccounts.append(account)
            for _ in 0..<random.below(3) {
                addEvidence(.paymentAccount, account, .brandComplaint, brand: randomBrand(),
                            day: Int32(random.between(Int(WorldCalendar.day(2020, 1, 1)), Int(WorldCalendar.end))))
            }
        }
        escrowChoice = WeightedChoice(zipfCount: parameters.effectiveEscrowPools, exponent: 0.5)

        let industrial = WeightedChoice(G.cities.map { $0.isChinese ? $0.ringWeight + $0.honestWeight : 0 })
        for _ in 0..<parameters.effectiveOEMs {
            let factory = newFactory(kind: .oem, city: industrial.draw(&random))
            oems.append(factory)
            setFactoryAccount(factory, newAccount(kind: .factory, owner: factory, provider: G.bankProviders[random.below(G.bankProviders.count)]))
            if random.chance(0.3) {
                addEvidence(.factory, factory, .brandComplaint, brand: randomBrand(),
                            day: Int32(random.between(Int(WorldCalendar.day(2020, 1, 1)), Int(WorldCalendar.end))))
            }
        }
        oemChoice = WeightedChoice(zipfCount: oems.count, exponent: 0.9)
        for _ in 0..<parameters.effectiveSmallFactories {
            let factory = newFactory(kind: .supplier, city: industrial.draw(&random))
            suppliers.append(factory)
            if random.chance(0.5) {
                setFactoryAccount(factory, newAccount(kind: .factory, owner: factory, provider: G.bankProviders[random.below(G.bankProviders.count)]))
            }
        }
        supplierChoice = WeightedChoice(zipfCount: suppliers.count, exponent: 1.0)
    }

    // MARK: - Rings

    /// Pareto-distributed sizes, scaled down if they would take more than 40% of the sellers.
    private mutating func ringSizes() -> [Int] {
        let range = parameters.ringSizeRange
        // No ring larger than a fortieth of the world, so a small demo is not one giant ring.
        let largest = max(range.lowerBound, min(range.upperBound, parameters.sellers / 40))
        var sizes = (0..<parameters.effectiveRings).map { _ -> Int in
            let draw = Double(range.lowerBound) / pow(1 - random.unit(), 1 / parameters.ringSizeExponent)
            return min(largest, max(range.lowerBound, Int(draw)))
        }
        let limit = parameters.sellers * 2 / 5
        let total = sizes.reduce(0, +)
        if total > limit {
            let factor = Double(limit) / Double(total)
            sizes = sizes.map { max(range.lowerBound, Int(Double($0) * factor)) }
        }
        return sizes
    }

    private mutating func makeRing(_ ring: Int32, size: Int) {
        let home = ringCities.draw(&random)
        let start = Int32(random.between(Int(WorldCalendar.firstRing), Int(WorldCalendar.end) - 500))
        // How much attention the ring has drawn: scales every manual investigation signal.
        let intensity = min(3, max(0.05, exp(random.normal() * 0.8 - 0.2)))
        var ringBrands: [Int] = []
        for _ in 0..<random.between(1, 3) { ringBrands.append(brandChoice.draw(&random)) }

        var pool: [Int32] = []
        let poolCount = max(1, Int((pow(Double(size), 0.55) * (0.6 + 0.7 * random.unit())).rounded()))
        for _ in 0..<poolCount { pool.append(newAccount(kind: .ringPool, owner: ring, provider: providers.draw(&random))) }
        let poolChoice = WeightedChoice(zipfCount: poolCount, exponent: 0.8)
        let collector = newAccount(kind: .ringCollector, owner: ring, provider: G.bankProviders[random.below(G.bankProviders.count)])

        // Return places: few physical places, each written as several address rows.
        var places: [[Int32]] = []
        let placeCount = max(1, Int((pow(Double(size), 0.45) * (0.6 + 0.6 * random.unit())).rounded()))
        for _ in 0..<placeCount {
            let city = random.chance(0.8) ? home : ringCities.draw(&random)
            let kind: G.PlaceKind = random.chance(0.5) ? .warehouse : (random.chance(0.6) ? .office : .residence)
            let place = newPlace(kind: kind, city: city)
            let styles = distinctStyles(size < 6 ? random.between(1, 3) : random.between(2, 5), city: city)
            places.append(styles.map { newAddress(place: place, style: $0, jitterMetres: 60) })
        }
        let placeChoice = WeightedChoice(zipfCount: placeCount, exponent: 0.9)
        func returnAddress(_ builder: inout WorldBuilder) -> Int32 {
            let variants = places[placeChoice.draw(&builder.random)]
            return variants[builder.random.below(variants.count)]
        }

        // Workshops: one to three, some bought from by another ring too.
        var ringWorkshops: [Int32] = []
        let workshopCount = random.chance(0.5) ? 1 : (random.chance(0.7) ? 2 : 3)
        for _ in 0..<workshopCount {
            if !workshops.isEmpty, random.chance(0.2) {
                let shared = workshops[random.below(workshops.count)]
                if !ringWorkshops.contains(shared) { ringWorkshops.append(shared); continue }
            }
            let workshop: Int32
            if random.chance(0.3) {
                // The workshop doubles as a return address: a new spelling of a pool place.
                let place = world.addressPlace[Int(places[random.below(placeCount)][0])]
                let address = newAddress(place: place, style: preferredStyle(city: Int(world.placeCity[Int(place)])), jitterMetres: 60)
                workshop = newFactory(kind: .workshop, address: address)
            } else {
                workshop = newFactory(kind: .workshop, city: random.chance(0.7) ? home : ringCities.draw(&random))
            }
            workshops.append(workshop)
            ringWorkshops.append(workshop)
            if random.chance(0.06 * intensity) {
                addEvidence(.factory, workshop, .seizure, brand: UInt8(ringBrands[0]),
                            day: Int32(random.between(Int(start), Int(WorldCalendar.end))))
            }
        }
        let workshopChoice = WeightedChoice(zipfCount: ringWorkshops.count, exponent: 0.8)

        var members: [Int32] = []
        var ringStorefronts: [(storefront: Int32, window: (opened: Int32, closed: Int32))] = []
        for _ in 0..<size {
            let city = random.chance(0.7) ? home : ringCities.draw(&random)
            let registered = min(WorldCalendar.end - 60, start + Int32(random.below(540)))
            let seller = newSeller(city: city, registeredOn: registered, family: -1, ring: ring)
            members.append(seller)
            // A clean member has its own account and ships from hubs, but still shares one
            // thing with the ring: the ring's busiest return place or its busiest workshop.
            let clean = random.chance(0.2)
            let forcedShare = clean ? random.below(3) : -1
            let registration: Int32
            if forcedShare == 0 {
                registration = places[0][random.below(places[0].count)]
            } else if !clean && random.chance(0.35) {
                registration = returnAddress(&self)
            } else {
                registration = newAddress(place: newPlace(kind: random.chance(0.6) ? .residence : .office, city: city),
                                          style: preferredStyle(city: city), jitterMetres: 15)
            }
            addLink(seller, registration, .registeredAt, first: registered, last: WorldCalendar.end)
            var own: Int32 = -1
            if clean || random.chance(0.3) {
                own = newAccount(kind: .own, owner: seller, provider: providers.draw(&random))
                if !clean || random.chance(0.3) {
                    addTransfer(own, pool[poolChoice.draw(&random)], from: registered)
                }
            }
            if random.chance(0.05 * intensity) {
                addEvidence(.seller, seller, .brandComplaint, brand: UInt8(ringBrands[0]), day: randomDay(after: registered))
            }
            var paidThroughEscrow: Int32 = -1
            let storefrontCount = [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5][random.below(20)]
            for storefrontNumber in 0..<storefrontCount {
                let (storefront, window) = newStorefront(seller: seller, platform: ringPlatforms.draw(&random),
                                                         after: registered, closesEarly: 0.3)
                ringStorefronts.append((storefront, window))
                // Payouts.
                let account: Int32
                if clean {
                    account = random.chance(0.8) ? own : world.escrowAccounts[escrowChoice.draw(&random)]
                } else {
                    let draw = random.unit()
                    if draw < 0.7 || (draw >= 0.85 && own < 0) {
                        account = pool[poolChoice.draw(&random)]
                    } else if draw < 0.85 {
                        account = world.escrowAccounts[escrowChoice.draw(&random)]
                    } else {
                        account = own
                    }
                }
                if world.accountKind[Int(account)] == AccountKind.escrow.rawValue { paidThroughEscrow = account }
                if !clean, random.chance(0.15) {
                    // The storefront switched payout accounts halfway.
                    let middle = window.opened + (window.closed - window.opened) / 2
                    addLink(storefront, account, .paysTo, window: (window.opened, middle))
                    addLink(storefront, pool[random.below(poolCount)], .paysTo, window: (middle, window.closed))
                } else {
                    addLink(storefront, account, .paysTo, window: window)
                }
                // Shipping.
                let shipping = random.unit()
                if clean ? shipping < 0.85 : shipping < 0.5 {
                    addLink(storefront, hubAddress(), .shipsFrom, window: window)
                } else if !clean && shipping < 0.8 {
                    addLink(storefront, returnAddress(&self), .shipsFrom, window: window)
                } else if !clean && shipping < 0.9 {
                    let workshop = ringWorkshops[workshopChoice.draw(&random)]
                    addLink(storefront, world.factoryAddress[Int(workshop)], .shipsFrom, window: window)
                } else {
                    addLink(storefront, registration, .shipsFrom, window: window)
                }
                // Returns.
                let returns = random.unit()
                if forcedShare == 1 && storefrontNumber == 0 {
                    addLink(storefront, places[0][random.below(places[0].count)], .returnsTo, window: window)
                } else if clean {
                    if returns < 0.5 {
                        addLink(storefront, hubAddress(), .returnsTo, window: window)
                    } else if returns < 0.85 {
                        addLink(storefront, registration, .returnsTo, window: window)
                    }
                } else if returns < 0.75 {
                    addLink(storefront, returnAddress(&self), .returnsTo, window: window)
                } else if returns < 0.85 {
                    addLink(storefront, hubAddress(), .returnsTo, window: window)
                }
                // Supply.
                let supply = random.unit()
                if (forcedShare == 2 && storefrontNumber == 0) || (!clean && supply < 0.75) || (clean && supply < 0.3) {
                    let first = forcedShare == 2 && storefrontNumber == 0 ? 0 : workshopChoice.draw(&random)
                    addSupply(storefront, ringWorkshops[first], window: window, ring: true)
                    if ringWorkshops.count > 1, random.chance(0.1) {
                        addSupply(storefront, ringWorkshops[(first + 1) % ringWorkshops.count], window: window, ring: true)
                    }
                } else if supply < (clean ? 0.45 : 0.83) {
                    addSupply(storefront, oems[oemChoice.draw(&random)], window: window, ring: true)
                } else if clean && supply < 0.55 {
                    addSupply(storefront, suppliers[supplierChoice.draw(&random)], window: window, ring: true)
                }
                let focus = ringBrands[random.below(ringBrands.count)]
                makeListingsAndScreening(storefront, focus: focus, counterfeit: true, window: window)
                addInvestigationEvidence(storefront, brand: focus, counterfeit: true, intensity: intensity, window: window)
            }
            if paidThroughEscrow >= 0, own >= 0, random.chance(0.3) {
                addTransfer(paidThroughEscrow, own, from: registered)
            }
            payFactories(from: own >= 0 ? own : pool[poolChoice.draw(&random)], since: registered)
        }

        // Every workshop of the ring supplies at least one of its storefronts (so a shared
        // workshop is really shared, and every workshop's truth weight is positive).
        for workshop in ringWorkshops where !world.factoryRings[Int(workshop)].contains(ring) {
            let (storefront, window) = ringStorefronts[random.below(ringStorefronts.count)]
            addSupply(storefront, workshop, window: window, ring: true)
        }

        // Money moves from the pool to a collector, and on offshore.
        for account in pool where random.chance(0.9) { addTransfer(account, collector, from: start) }
        if poolCount > 1 {
            for index in 1..<poolCount where random.chance(0.15) { addTransfer(pool[index], pool[index - 1], from: start) }
        }
        if random.chance(0.5) {
            let offshore = newAccount(kind: .offshore, owner: ring, provider: 12)
            addTransfer(collector, offshore, from: start)
        }
        for account in pool where random.chance(0.04 * intensity) {
            addEvidence(.paymentAccount, account, .seizure, brand: UInt8(ringBrands[0]), day: randomDay(after: start))
        }
        for variants in places where random.chance(0.12 * intensity) {
            addEvidence(.address, variants[random.below(variants.count)], .seizure, brand: UInt8(ringBrands[0]),
                        day: randomDay(after: start))
        }
        world.ringMembers.append(members)
    }

    /// Counts the workshops that supply storefronts of more than one ring.
    private mutating func finishWorkshops() {
        for workshop in workshops {
            let rings = Set(world.factoryRings[Int(workshop)])
            if rings.count > 1 { world.sharedWorkshopCount += 1 }
        }
    }

    // MARK: - Families and holdings

    private mutating func makeFamilies(budget: Int) -> Int {
        var used = 0
        while used + 2 <= budget {
            let size = min(budget - used, random.between(2, 6))
            if size < 2 { break }
            let family = Int32(world.familyCount)
            world.familyCount += 1
            let city = honestCities.draw(&random)
            world.familyCity.append(UInt8(city))
            let office = newPlace(kind: .office, city: city)
            let officeAddress = newAddress(place: office, style: preferredStyle(city: city), jitterMetres: 0)
            let otherSpelling: Int32 = random.chance(0.3) ? newAddress(place: office, style: otherStyle(city: city, than: officeAddress), jitterMetres: 30) : -1
            let bank = newAccount(kind: .family, owner: family, provider: G.bankProviders[random.below(G.bankProviders.count)])
            let start = Int32(random.between(Int(WorldCalendar.firstRegistration), Int(WorldCalendar.end) - 400))
            for _ in 0..<size {
                let registered = min(WorldCalendar.end - 60, start + Int32(random.below(1500)))
                let seller = newSeller(city: city, registeredOn: registered, family: family, ring: -1)
                let draw = random.unit()
                let registration: Int32
                if draw < 0.75 || (draw < 0.9 && otherSpelling < 0) {
                    registration = officeAddress
                } else if draw < 0.9 {
                    registration = otherSpelling
                } else {
                    registration = newAddress(place: newPlace(kind: .residence, city: city), style: preferredStyle(city: city), jitterMetres: 15)
                }
                addLink(seller, registration, .registeredAt, first: registered, last: WorldCalendar.end)
                if random.chance(0.03) {
                    addEvidence(.seller, seller, .brandComplaint, brand: randomBrand(), day: randomDay(after: registered))
                }
                for _ in 0..<honestStorefrontCount() {
                    let (storefront, window) = newStorefront(seller: seller, platform: honestPlatforms.draw(&random),
                                                             after: registered, closesEarly: 0.1)
                    let account = random.chance(0.85) ? bank : world.escrowAccounts[escrowChoice.draw(&random)]
                    addLink(storefront, account, .paysTo, window: window)
                    addLink(storefront, random.chance(0.6) ? hubAddress() : officeAddress, .shipsFrom, window: window)
                    let returns = random.unit()
                    if returns < 0.7 {
                        addLink(storefront, registration, .returnsTo, window: window)
                    } else if returns < 0.85 {
                        addLink(storefront, hubAddress(), .returnsTo, window: window)
                    }
                    addHonestSupply(storefront, window: window)
                    let focus = random.chance(0.55) ? brandChoice.draw(&random) : -1
                    makeListingsAndScreening(storefront, focus: focus, counterfeit: false, window: window)
                    addInvestigationEvidence(storefront, brand: focus, counterfeit: false, intensity: 1, window: window)
                }
                payFactories(from: bank, since: registered)
            }
            used += size
        }
        world.familySellerCount = used
        return used
    }

    // MARK: - The honest majority (and a few lone counterfeiters)

    private mutating func makeHonestSellers(count: Int) {
        let span = Double(WorldCalendar.end - 90 - WorldCalendar.firstRegistration)
        for _ in 0..<count {
            let city = honestCities.draw(&random)
            // More sellers registered recently than long ago.
            let registered = WorldCalendar.firstRegistration + Int32(span * pow(random.unit(), 0.6))
            let seller = newSeller(city: city, registeredOn: registered, family: -1, ring: -1)
            let lone = random.chance(parameters.loneCounterfeiterShare)
            if lone {
                world.loneCounterfeiterCount += 1
                world.loneCounterfeiters.append(seller)
            }
            let home = newPlace(kind: random.chance(0.55) ? .office : .residence, city: city)
            let registration = newAddress(place: home, style: preferredStyle(city: city), jitterMetres: 0)
            addLink(seller, registration, .registeredAt, first: registered, last: WorldCalendar.end)
            var accounts = [newAccount(kind: .own, owner: seller, provider: providers.draw(&random))]
            if random.chance(0.1) { accounts.append(newAccount(kind: .own, owner: seller, provider: providers.draw(&random))) }
            let warehouse: Int32 = random.chance(0.25)
                ? newAddress(place: newPlace(kind: .warehouse, city: city), style: preferredStyle(city: city), jitterMetres: 20) : -1
            var otherSpelling: Int32 = -1
            var paidThroughEscrow: Int32 = -1
            if random.chance(0.005) {
                addEvidence(.seller, seller, .brandComplaint, brand: randomBrand(), day: randomDay(after: registered))
            }
            for _ in 0..<honestStorefrontCount() {
                let (storefront, window) = newStorefront(seller: seller, platform: honestPlatforms.draw(&random),
                                                         after: registered, closesEarly: lone ? 0.3 : 0.1)
                let payout = random.unit()
                if payout < 0.4 {
                    let escrow = world.escrowAccounts[escrowChoice.draw(&random)]
                    paidThroughEscrow = escrow
                    addLink(storefront, escrow, .paysTo, window: window)
                } else if payout < 0.97 {
                    addLink(storefront, accounts[random.below(accounts.count)], .paysTo, window: window)
                }
                let shipping = random.unit()
                if shipping < 0.65 {
                    addLink(storefront, hubAddress(), .shipsFrom, window: window)
                } else {
                    addLink(storefront, warehouse >= 0 ? warehouse : registration, .shipsFrom, window: window)
                }
                let returns = random.unit()
                if returns < 0.55 {
                    addLink(storefront, registration, .returnsTo, window: window)
                } else if returns < 0.75 {
                    addLink(storefront, hubAddress(), .returnsTo, window: window)
                } else if returns < 0.83 {
                    // The same place written another way on the return label.
                    if otherSpelling < 0 { otherSpelling = newAddress(place: home, style: otherStyle(city: city, than: registration), jitterMetres: 30) }
                    addLink(storefront, otherSpelling, .returnsTo, window: window)
                }
                addHonestSupply(storefront, window: window)
                let focus = lone || random.chance(0.55) ? brandChoice.draw(&random) : -1
                makeListingsAndScreening(storefront, focus: focus, counterfeit: lone, window: window)
                addInvestigationEvidence(storefront, brand: focus, counterfeit: lone, intensity: 1, window: window)
            }
            if paidThroughEscrow >= 0, random.chance(0.3) {
                addTransfer(paidThroughEscrow, accounts[0], from: registered)
            }
            payFactories(from: accounts[0], since: registered)
            // Payments between honest businesses (suppliers, loans).
            if !ownAccounts.isEmpty, random.chance(0.015) {
                addTransfer(accounts[0], ownAccounts[random.below(ownAccounts.count)], from: registered)
            }
            if ownAccounts.count < 100_000 || random.chance(0.05) { ownAccounts.append(accounts[0]) }
        }
    }

    /// Mostly one to three storefronts; a few larger honest sellers run up to six, so that
    /// running many storefronts is not by itself a ring's mark.
    private mutating func honestStorefrontCount() -> Int {
        let draw = random.unit()
        return draw < 0.58 ? 1 : draw < 0.84 ? 2 : draw < 0.94 ? 3 : draw < 0.975 ? 4 : draw < 0.99 ? 5 : 6
    }

    private mutating func addHonestSupply(_ storefront: Int32, window: (opened: Int32, closed: Int32)) {
        let draw = random.unit()
        if draw < 0.2 {
            addSupply(storefront, oems[oemChoice.draw(&random)], window: window, ring: false)
        } else if draw < 0.5 {
            addSupply(storefront, suppliers[supplierChoice.draw(&random)], window: window, ring: false)
        }
    }

    // MARK: - Listings and evidence

    /// Listings of one storefront, and the automated screening flags they raise (the same
    /// rules for every storefront: a counterfeit phrase may raise `keyword_match`, a price
    /// under 40% of retail may raise `price_anomaly`).
    private mutating func makeListingsAndScreening(_ storefront: Int32, focus: Int, counterfeit: Bool,
                                                   window: (opened: Int32, closed: Int32)) {
        var count = 1
        while count < 8, random.chance(0.5) { count += 1 }
        let platform = G.platforms[Int(world.storefrontPlatform[Int(storefront)])]
        for _ in 0..<count {
            var brand = focus
            if focus >= 0 {
                if random.chance(0.25) { brand = brandChoice.draw(&random) }
            } else if random.chance(0.1) {
                brand = brandChoice.draw(&random)
            }
            var currency = platform.currency
            if currency == 0, platform.name == "Amazon" || platform.name == "eBay" {
                let draw = random.unit()
                currency = draw < 0.2 ? 1 : (draw < 0.3 ? 2 : 0)
            }
            let rate = G.currencies[currency].perUSD
            let listing = Int32(world.listingStorefront.count)
            world.listingStorefront.append(storefront)
            world.listingCurrency.append(UInt8(currency))
            world.listingColour.append(UInt8(random.below(G.colours.count)))
            var phrase: Int8 = -1
            if brand >= 0 {
                let products = G.brands[brand].products
                let product = random.below(products.count)
                let msrp = Int32((Double(products[product].msrpUSD) * rate).rounded()) * 100
                let draw = random.unit()
                let fraction: Double
                if counterfeit {
                    fraction = draw < 0.7 ? 0.05 + 0.25 * random.unit() : (draw < 0.9 ? 0.3 + 0.3 * random.unit() : 0.6 + 0.38 * random.unit())
                    let wording = random.unit()
                    if wording < 0.3 {
                        phrase = Int8(random.below(G.counterfeitPhrases.count))
                    } else if wording < 0.55 {
                        phrase = Int8(G.counterfeitPhrases.count + random.below(G.honestPhrases.count))
                    }
                } else {
                    fraction = draw < 0.85 ? 0.85 + 0.2 * random.unit() : (draw < 0.95 ? 0.5 + 0.35 * random.unit() : 0.2 + 0.3 * random.unit())
                    let wording = random.unit()
                    if wording < 0.005 {
                        phrase = Int8(G.counterfeitPhrases.firstIndex(of: "Dupe")!)
                    } else if wording < 0.2 {
                        phrase = Int8(G.counterfeitPhrases.count + random.below(G.honestPhrases.count))
                    }
                }
                var price = Int32((Double(msrp) * fraction / 100).rounded()) * 100
                if random.chance(0.5) { price -= 1 }
                world.listingBrand.append(UInt8(brand))
                world.listingProduct.append(UInt8(product))
                world.listingMsrpCents.append(msrp)
                world.listingPriceCents.append(max(99, price))
                if price * 10 < msrp * 4, random.chance(0.45) {
                    addEvidence(.storefront, storefront, .priceAnomaly, brand: UInt8(brand), day: randomDay(in: window), listing: listing)
                }
            } else {
                world.listingBrand.append(GeneratedWorld.noBrand)
                world.listingProduct.append(UInt8(random.below(G.unbrandedGoods.count)))
                world.listingMsrpCents.append(-1)
                world.listingPriceCents.append(Int32((Double(random.between(6, 90)) * rate).rounded()) * 100 - 1)
                if random.chance(0.003) { phrase = Int8(G.counterfeitPhrases.firstIndex(of: "Dupe")!) }
            }
            world.listingPhrase.append(phrase)
            let units = exp(random.normal() * 1.4 + (counterfeit ? 3.2 : 2.6))
            world.listingUnits.append(Int32(min(250_000, units)))
            if phrase >= 0, Int(phrase) < G.counterfeitPhrases.count, random.chance(0.5) {
                addEvidence(.storefront, storefront, .keywordMatch, brand: brand >= 0 ? UInt8(brand) : GeneratedWorld.noBrand,
                            day: randomDay(in: window), listing: listing)
            }
        }
    }

    /// Evidence from people: test purchases, seizures, takedowns, complaints. Rings get it in
    /// proportion to the attention they drew; honest storefronts get false complaints, the odd
    /// mistaken takedown and genuine test purchases.
    private mutating func addInvestigationEvidence(_ storefront: Int32, brand: Int, counterfeit: Bool, intensity: Double,
                                                   window: (opened: Int32, closed: Int32)) {
        let brandCode = brand >= 0 ? UInt8(brand) : UInt8(brandChoice.draw(&random))
        if counterfeit {
            if random.chance(0.12 * intensity) { addEvidence(.storefront, storefront, .testPurchaseFake, brand: brandCode, day: randomDay(in: window)) }
            if random.chance(0.04 * intensity) { addEvidence(.storefront, storefront, .seizure, brand: brandCode, day: randomDay(in: window)) }
            if random.chance(0.25 * intensity) { addEvidence(.storefront, storefront, .takedown, brand: brandCode, day: randomDay(in: window)) }
            if random.chance(0.3 * intensity) { addEvidence(.storefront, storefront, .brandComplaint, brand: brandCode, day: randomDay(in: window)) }
            if random.chance(0.02) { addEvidence(.storefront, storefront, .testPurchaseGenuine, brand: brandCode, day: randomDay(in: window)) }
        } else {
            if random.chance(brand >= 0 ? 0.05 : 0.01) { addEvidence(.storefront, storefront, .brandComplaint, brand: brandCode, day: randomDay(in: window)) }
            if random.chance(0.006) { addEvidence(.storefront, storefront, .takedown, brand: brandCode, day: randomDay(in: window)) }
            if brand >= 0, random.chance(0.012) {
                addEvidence(.storefront, storefront, .testPurchaseGenuine, brand: brandCode, day: randomDay(in: window))
            }
        }
    }

    // MARK: - Entities

    private mutating func newPlace(kind: G.PlaceKind, city: Int, unit: UInt16? = nil) -> Int32 {
        let info = G.cities[city]
        let place = Int32(world.placeCity.count)
        world.placeCity.append(UInt8(city))
        let district = info.districts.isEmpty ? 0 : random.below(info.districts.count)
        world.placeDistrict.append(UInt8(district))
        var road = UInt8(0), number = UInt16(0), building: UInt8 = 0, unitNumber: UInt16 = unit ?? 0
        // Two places never share one full address: a drawn address already taken is drawn again.
        for _ in 0 ..< 8 {
            road = UInt8(random.below(info.isChinese ? G.chineseRoads.count : 4))
            // Low house numbers are more common: office towers and markets cluster.
            number = UInt16(1 + Int(pow(random.unit(), 2) * 400))
            if unit == nil {
                switch kind {
                case .office: unitNumber = UInt16(random.between(1, 28) * 100 + random.between(1, 20))
                case .residence:
                    building = UInt8(random.between(1, 30))
                    unitNumber = UInt16(random.between(1, 32) * 100 + random.between(1, 6))
                case .warehouse: unitNumber = UInt16(random.between(1, 12))
                case .workshop: building = UInt8(random.between(1, 12))
                case .hub: break
                }
            }
            let key = PlaceKey(city: UInt8(city), district: UInt8(district), road: road, number: number, building: building, unit: unitNumber, kind: kind.rawValue)
            if takenAddresses.insert(key).inserted { break }
        }
        world.placeRoad.append(road)
        world.placeNumber.append(number)
        world.placeBuilding.append(building)
        world.placeUnit.append(unitNumber)
        world.placeKind.append(kind.rawValue)
        let centreLat = Int32(info.lat * 1e6) + (info.districts.isEmpty ? 0 : info.districts[district].latOffset)
        let centreLon = Int32(info.lon * 1e6) + (info.districts.isEmpty ? 0 : info.districts[district].lonOffset)
        // Within a few kilometres of the district centre (0.01° ≈ 1.1 km).
        world.placeLat.append(centreLat + Int32(random.normal() * 15_000))
        world.placeLon.append(centreLon + Int32(random.normal() * 15_000))
        return place
    }

    /// An address row for a place; coordinates as a geocoder placed that spelling, and missing
    /// for 30% of rows. A geocoder finds the building for most spellings (off by up to
    /// `jitterMetres`), only the street for some (up to 400 m off) and only the district for a
    /// few (up to 1 km off), so two spellings of one place may be a kilometre apart.
    private mutating func newAddress(place: Int32, style: G.AddressStyle, jitterMetres: Double) -> Int32 {
        let address = Int32(world.addressPlace.count)
        world.addressPlace.append(place)
        world.addressStyle.append(style.rawValue)
        if random.chance(0.30) {
            world.addressLat.append(GeneratedWorld.unknownCoordinate)
            world.addressLon.append(GeneratedWorld.unknownCoordinate)
        } else {
            let precision = random.unit()
            let offMetres = precision < 0.7 ? jitterMetres : precision < 0.92 ? 400 : 1_000
            // One microdegree of latitude is about 0.11 m.
            let metres = offMetres * 9
            world.addressLat.append(world.placeLat[Int(place)] + Int32((random.unit() * 2 - 1) * metres))
            world.addressLon.append(world.placeLon[Int(place)] + Int32((random.unit() * 2 - 1) * metres))
        }
        return address
    }

    /// How often each spelling style is used, in `AddressStyle.allCases` order. Rings and honest
    /// sellers spell alike: only the number of spellings of one place differs.
    private static let chineseStyleWeights = [0.28, 0.15, 0.35, 0.10, 0.06, 0.06]
    private static let foreignStyleWeights = [0.55, 0.15, 0, 0.12, 0.18, 0]

    private mutating func preferredStyle(city: Int) -> G.AddressStyle {
        distinctStyles(1, city: city)[0]
    }

    /// A style other than the one a place is already written in.
    private mutating func otherStyle(city: Int, than existing: Int32) -> G.AddressStyle {
        distinctStyles(1, city: city, excluding: [G.AddressStyle(rawValue: world.addressStyle[Int(existing)])!])[0]
    }

    /// Up to `count` different styles, drawn by weight without replacement.
    private mutating func distinctStyles(_ count: Int, city: Int, excluding: [G.AddressStyle] = []) -> [G.AddressStyle] {
        var weights = G.cities[city].isChinese ? WorldBuilder.chineseStyleWeights : WorldBuilder.foreignStyleWeights
        for style in excluding { weights[Int(style.rawValue)] = 0 }
        var styles: [G.AddressStyle] = []
        while styles.count < count, weights.contains(where: { $0 > 0 }) {
            let index = WeightedChoice(weights).draw(&random)
            styles.append(G.AddressStyle.allCases[index])
            weights[index] = 0
        }
        return styles
    }

    private mutating func newSeller(city: Int, registeredOn: Int32, family: Int32, ring: Int32) -> Int32 {
        let seller = Int32(world.sellerCity.count)
        world.sellerCity.append(UInt8(city))
        world.sellerRegisteredOn.append(registeredOn)
        world.sellerFamily.append(family)
        world.sellerRing.append(ring)
        return seller
    }

    private mutating func newStorefront(seller: Int32, platform: Int, after registered: Int32,
                                        closesEarly: Double) -> (Int32, (opened: Int32, closed: Int32)) {
        let storefront = Int32(world.storefrontSeller.count)
        world.storefrontSeller.append(seller)
        world.storefrontPlatform.append(UInt8(platform))
        let opened = min(WorldCalendar.end - 30, registered + Int32(-log(max(random.unit(), 1e-9)) * 120))
        world.storefrontOpenedOn.append(opened)
        let closed = random.chance(closesEarly)
            ? opened + 30 + Int32(random.below(Int(WorldCalendar.end - opened - 29)))
            : WorldCalendar.end - Int32(random.below(20))
        return (storefront, (opened, max(opened, closed)))
    }

    private mutating func newAccount(kind: AccountKind, owner: Int32, provider: Int) -> Int32 {
        let account = Int32(world.accountKind.count)
        world.accountKind.append(kind.rawValue)
        world.accountOwner.append(owner)
        world.accountProvider.append(provider < 0 ? 255 : UInt8(provider))
        return account
    }

    private mutating func newFactory(kind: FactoryKind, city: Int) -> Int32 {
        let address = newAddress(place: newPlace(kind: .workshop, city: city), style: preferredStyle(city: city), jitterMetres: 0)
        return newFactory(kind: kind, address: address)
    }

    private mutating func newFactory(kind: FactoryKind, address: Int32) -> Int32 {
        let factory = Int32(world.factoryKind.count)
        world.factoryKind.append(kind.rawValue)
        world.factoryAddress.append(address)
        world.factoryRingStorefronts.append(0)
        world.factoryRings.append([])
        let since = Int32(random.between(0, Int(WorldCalendar.end) - 400))
        addLink(factory, address, .locatedAt, first: since, last: WorldCalendar.end - Int32(random.below(60)))
        return factory
    }

    private mutating func hubAddress() -> Int32 {
        let hub = hubChoice.draw(&random)
        return random.chance(0.85) ? hubPrimaryAddress[hub] : hubAlternateAddress[hub]
    }

    private mutating func setFactoryAccount(_ factory: Int32, _ account: Int32) {
        while factoryAccount.count <= Int(factory) { factoryAccount.append(-1) }
        factoryAccount[Int(factory)] = account
    }

    /// Payments for goods: a seller's account `transfers_to` the bank account of some of the
    /// legitimate factories that supplied its storefronts, so that many honest accounts paying
    /// one account is an everyday pattern, not only a ring's collector.
    private mutating func payFactories(from payer: Int32, since day: Int32) {
        defer { suppliedFactories.removeAll(keepingCapacity: true) }
        var paid: [Int32] = []
        for factory in suppliedFactories where Int(factory) < factoryAccount.count && !paid.contains(factory) {
            paid.append(factory)
            let account = factoryAccount[Int(factory)]
            if account >= 0, random.chance(0.3) { addTransfer(payer, account, from: day) }
        }
    }

    private mutating func addSupply(_ storefront: Int32, _ factory: Int32, window: (opened: Int32, closed: Int32), ring: Bool) {
        addLink(storefront, factory, .suppliedBy, window: window)
        suppliedFactories.append(factory)
        if ring, world.factoryKind[Int(factory)] == FactoryKind.workshop.rawValue {
            world.factoryRingStorefronts[Int(factory)] += 1
            let ringIndex = world.sellerRing[Int(world.storefrontSeller[Int(storefront)])]
            if world.factoryRings[Int(factory)].last != ringIndex { world.factoryRings[Int(factory)].append(ringIndex) }
        }
    }

    private mutating func addTransfer(_ source: Int32, _ target: Int32, from day: Int32) {
        guard source != target else { return }
        let first = min(WorldCalendar.end - 10, day + Int32(random.below(200)))
        let last = first + Int32(random.below(Int(WorldCalendar.end - first) + 1))
        addLink(source, target, .transfersTo, first: first, last: last)
    }

    /// A link seen within a storefront's active window.
    private mutating func addLink(_ source: Int32, _ target: Int32, _ relation: Relation, window: (opened: Int32, closed: Int32)) {
        let span = Int(window.closed - window.opened)
        let slack = max(0, min(45, span / 4))
        let first = window.opened + Int32(random.below(slack + 1))
        let last = max(first, window.closed - Int32(random.below(slack + 1)))
        addLink(source, target, relation, first: first, last: last)
    }

    private mutating func addLink(_ source: Int32, _ target: Int32, _ relation: Relation, first: Int32, last: Int32) {
        world.appendLink(source, target, relation, first: first, last: last)
    }

    private mutating func addEvidence(_ kind: EntityKind, _ entity: Int32, _ evidence: EvidenceKind, brand: UInt8, day: Int32,
                                      listing: Int32 = -1) {
        world.appendEvidence(kind, entity, evidence, brand: brand, day: day, number: UInt32(truncatingIfNeeded: random.next()), listing: listing)
    }

    private mutating func randomBrand() -> UInt8 { UInt8(brandChoice.draw(&random)) }

    private mutating func randomDay(in window: (opened: Int32, closed: Int32)) -> Int32 {
        window.opened + Int32(random.below(Int(window.closed - window.opened) + 1))
    }

    private mutating func randomDay(after day: Int32) -> Int32 {
        let start = min(day, WorldCalendar.end)
        return start + Int32(random.below(Int(WorldCalendar.end - start) + 1))
    }
}

/// A place's full address, as the generator draws it.
private struct PlaceKey: Hashable {
    var city: UInt8, district: UInt8, road: UInt8, number: UInt16, building: UInt8, unit: UInt16, kind: UInt8
}
