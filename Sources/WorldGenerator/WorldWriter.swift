import Foundation
import SellerGraph

/// The files of a generated dataset, in the order they are written.
enum WorldFile: String, CaseIterable {
    case sellers = "sellers.csv"
    case storefronts = "storefronts.csv"
    case paymentAccounts = "payment_accounts.csv"
    case addresses = "addresses.csv"
    case factories = "factories.csv"
    case links = "links.csv"
    case evidence = "evidence.csv"
    case listings = "listings.csv"
    case truthRings = "truth/rings.csv"
    case truthFactories = "truth/factories.csv"
    case truthAddresses = "truth/addresses.csv"
    case identifiers = "identifiers.csv"
    /// images.csv and the image files in images/.
    case images = "images.csv"
    case truthIdentifiers = "truth/identifiers.csv"
    case truthImages = "truth/images.csv"
    case truthHiddenMembers = "truth/hidden_members.csv"

    var path: String { rawValue }

    /// Rough seconds per million sellers on one core, to start the largest files first.
    var expectedCost: Double {
        switch self {
        case .links: 9.3
        case .listings: 7
        case .addresses: 4.2
        case .storefronts: 2.2
        case .sellers: 1.9
        case .paymentAccounts: 1.1
        case .truthAddresses: 0.5
        case .evidence: 0.4
        case .truthRings, .factories, .truthFactories: 0.05
        case .identifiers: 3
        case .truthIdentifiers: 1
        // Drawing is about 0.1 s an image, but images are few (see Parameters.images).
        case .images: 40
        case .truthImages, .truthHiddenMembers: 0.05
        }
    }

    /// Files a generated world may hold: `generate` refuses to overwrite a folder holding anything else.
    static let generatedNames: Set<String> = Set(allCases.map(\.path).filter { !$0.hasPrefix("truth/") } + ["truth", "images"])
}

/// Writes a ``GeneratedWorld`` as CSV, one file at a time, rows in a seeded shuffled order.
struct WorldWriter {
    typealias G = WorldGenerator

    let world: GeneratedWorld
    let seed: UInt64
    let ids: Identifiers
    /// `YYYY-MM-DD` for every day the world uses.
    let dates: [String]
    /// Payment accounts and addresses that some link or evidence row names. The builder opens
    /// an account for every honest seller and spells every pool address, but a seller paid
    /// only through escrow never uses its own account; such rows are left out of the files, so
    /// that a generated world (the shipped demo among them) holds nothing that no link uses
    /// and `validate` has nothing to warn about. Leaving rows out changes no other row or id.
    let writtenAccounts: [Bool], writtenAddresses: [Bool]

    init(world: GeneratedWorld, seed: UInt64) {
        self.world = world
        self.seed = seed
        ids = Identifiers(seed: seed)
        dates = (0...Int(WorldCalendar.end) + 1).map { WorldCalendar.text(Int32($0)) }
        var accounts = [Bool](repeating: false, count: world.accountKind.count)
        var addresses = [Bool](repeating: false, count: world.addressPlace.count)
        func mark(_ kind: EntityKind, _ index: Int32) {
            if kind == .paymentAccount { accounts[Int(index)] = true }
            if kind == .address { addresses[Int(index)] = true }
        }
        let relations = Relation.allCases
        for link in world.linkSource.indices {
            let relation = relations[Int(world.linkRelation[link])]
            mark(relation.sourceKind, world.linkSource[link])
            mark(relation.targetKind, world.linkTarget[link])
        }
        let entityKinds = EntityKind.allCases
        for evidence in world.evidenceEntity.indices {
            mark(entityKinds[Int(world.evidenceEntityKind[evidence])], world.evidenceEntity[evidence])
        }
        writtenAccounts = accounts
        writtenAddresses = addresses
    }

    /// Writes one file and returns its data rows.
    func write(_ file: WorldFile, to url: URL) throws -> Int {
        var sink = try CSVFileSink(url: url)
        switch file {
        case .sellers:
            sink.row(["seller_id", "name", "registered_on", "country", "province", "city"])
            let rows = order(world.sellerCity.count, file)
            let cities = gather(world.sellerCity, rows), registered = gather(world.sellerRegisteredOn, rows)
            for row in rows.indices {
                let seller = rows[row]
                let city = G.cities[Int(cities[row])]
                var random = SplitMix64(seed: seed, stream: 13, index: UInt64(seller))
                let chineseColumns = city.isChinese && random.chance(0.3)
                sink.row([ids.seller(seller), sellerName(seller), dates[Int(registered[row])], city.country,
                          chineseColumns ? city.provinceChinese : city.provinceEnglish, chineseColumns ? city.chinese : city.english])
                try sink.flushIfFull()
            }
        case .storefronts:
            sink.row(["storefront_id", "seller_id", "platform", "name", "opened_on"])
            let rows = order(world.storefrontSeller.count, file)
            let sellers = gather(world.storefrontSeller, rows), platforms = gather(world.storefrontPlatform, rows)
            let opened = gather(world.storefrontOpenedOn, rows)
            for row in rows.indices {
                let seller = Int(sellers[row])
                var random = SplitMix64(seed: seed, stream: 21, index: UInt64(rows[row]))
                let name = G.storefrontName(&random, city: G.cities[Int(world.sellerCity[seller])])
                sink.row([ids.storefront(rows[row]), ids.seller(seller), G.platforms[Int(platforms[row])].name,
                          name, dates[Int(opened[row])]])
                try sink.flushIfFull()
            }
        case .paymentAccounts:
            sink.row(["account_id", "provider", "holder_name"])
            for account in order(world.accountKind.count, file) where writtenAccounts[account] {
                let provider = world.accountProvider[account]
                sink.row([ids.account(account), provider == 255 ? G.escrowProvider : G.paymentProviders[Int(provider)], holderName(account)])
                try sink.flushIfFull()
            }
        case .addresses:
            sink.row(["address_id", "text", "city", "province", "country", "lat", "lon"])
            let rows = order(world.addressPlace.count, file).filter { writtenAddresses[$0] }
            let places = gather(world.addressPlace, rows), styles = gather(world.addressStyle, rows)
            let lats = gather(world.addressLat, rows), lons = gather(world.addressLon, rows)
            for row in rows.indices {
                let city = G.cities[Int(world.placeCity[Int(places[row])])]
                let style = G.AddressStyle(rawValue: styles[row])!
                let chineseColumns = city.isChinese && (style == .chinese || style == .mixed)
                sink.row([ids.address(rows[row]), addressText(rows[row]), chineseColumns ? city.chinese : city.english,
                          chineseColumns ? city.provinceChinese : city.provinceEnglish, city.country,
                          coordinate(lats[row]), coordinate(lons[row])])
                try sink.flushIfFull()
            }
        case .factories:
            sink.row(["factory_id", "name", "city", "province", "country", "lat", "lon"])
            for factory in order(world.factoryKind.count, file) {
                let address = Int(world.factoryAddress[factory])
                let place = Int(world.addressPlace[address])
                let city = G.cities[Int(world.placeCity[place])]
                var random = SplitMix64(seed: seed, stream: 51, index: UInt64(factory))
                let chineseColumns = city.isChinese && random.chance(0.3)
                sink.row([ids.factory(factory), factoryName(factory), chineseColumns ? city.chinese : city.english,
                          chineseColumns ? city.provinceChinese : city.provinceEnglish, city.country,
                          coordinate(world.placeLat[place]), coordinate(world.placeLon[place])])
                try sink.flushIfFull()
            }
        case .links:
            sink.row(["source_id", "target_id", "relation", "first_seen", "last_seen"])
            let relations = Relation.allCases
            // Gather each column in the shuffled order first: a tight gather loop overlaps its
            // cache misses, where the formatting loop below would stall on each one.
            let rows = order(world.linkSource.count, file)
            let sources = gather(world.linkSource, rows), targets = gather(world.linkTarget, rows)
            let kinds = gather(world.linkRelation, rows)
            let firsts = gather(world.linkFirst, rows), lasts = gather(world.linkLast, rows)
            for row in rows.indices {
                let relation = relations[Int(kinds[row])]
                sink.row([ids.identifier(relation.sourceKind, Int(sources[row])),
                          ids.identifier(relation.targetKind, Int(targets[row])),
                          relation.rawValue, dates[Int(firsts[row])], dates[Int(lasts[row])]])
                try sink.flushIfFull()
            }
        case .evidence:
            sink.row(["entity_type", "entity_id", "kind", "brand", "observed_on", "reference"])
            let kinds = EvidenceKind.allCases, entityKinds = EntityKind.allCases
            for evidence in order(world.evidenceKind.count, file) {
                let entityKind = entityKinds[Int(world.evidenceEntityKind[evidence])]
                let brand = world.evidenceBrand[evidence]
                sink.row([entityKind.rawValue, ids.identifier(entityKind, Int(world.evidenceEntity[evidence])),
                          kinds[Int(world.evidenceKind[evidence])].rawValue, brand == GeneratedWorld.noBrand ? "" : G.brands[Int(brand)].name,
                          dates[Int(world.evidenceDay[evidence])], reference(evidence)])
                try sink.flushIfFull()
            }
        case .listings:
            sink.row(["listing_id", "storefront_id", "brand", "title", "price", "msrp", "currency", "units_sold"])
            let rows = order(world.listingStorefront.count, file)
            let storefronts = gather(world.listingStorefront, rows), brands = gather(world.listingBrand, rows)
            let msrps = gather(world.listingMsrpCents, rows), prices = gather(world.listingPriceCents, rows)
            let currencies = gather(world.listingCurrency, rows), units = gather(world.listingUnits, rows)
            for row in rows.indices {
                let brand = brands[row], msrp = msrps[row]
                sink.row([ids.listing(rows[row]), ids.storefront(Int(storefronts[row])),
                          brand == GeneratedWorld.noBrand ? "" : G.brands[Int(brand)].name, title(rows[row]),
                          money(prices[row]), msrp < 0 ? "" : money(msrp),
                          G.currencies[Int(currencies[row])].code, String(units[row])])
                try sink.flushIfFull()
            }
        case .truthRings:
            sink.row(["ring_id", "seller_id"])
            var rows: [(ring: Int, seller: Int32)] = []
            for (ring, members) in world.ringMembers.enumerated() { for seller in members { rows.append((ring, seller)) } }
            for row in order(rows.count, file) {
                sink.row([ids.ring(rows[row].ring), ids.seller(Int(rows[row].seller))])
            }
        case .truthFactories:
            sink.row(["factory_id", "ring_storefront_weight"])
            for factory in order(world.factoryKind.count, file) {
                sink.row([ids.factory(factory), String(world.factoryRingStorefronts[factory])])
                try sink.flushIfFull()
            }
        case .identifiers, .truthIdentifiers, .truthImages, .truthHiddenMembers:
            try writeIdentifierFile(file, into: &sink)
        case .images:
            try sink.close()
            return try writeImages(to: url)
        case .truthAddresses:
            sink.row(["address_id", "place_id"])
            let rows = order(world.addressPlace.count, file).filter { writtenAddresses[$0] }
            let places = gather(world.addressPlace, rows)
            for row in rows.indices {
                sink.row([ids.address(rows[row]), ids.place(Int(places[row]))])
                try sink.flushIfFull()
            }
        }
        try sink.close()
        return sink.rows - 1
    }

    /// Row indices in a shuffled order, seeded per file.
    func order(_ count: Int, _ file: WorldFile) -> [Int] {
        var indices = Array(0..<count)
        var random = SplitMix64(seed: seed, stream: 100 + UInt64(WorldFile.allCases.firstIndex(of: file)!))
        random.shuffle(&indices)
        return indices
    }

    /// `values` in the order of `rows`.
    func gather<T>(_ values: [T], _ rows: [Int]) -> [T] {
        values.withUnsafeBufferPointer { buffer in rows.map { buffer[$0] } }
    }

    /// Microdegrees as decimal degrees with six decimals (about 0.1 m), or empty when unknown.
    private func coordinate(_ micro: Int32) -> String {
        if micro == GeneratedWorld.unknownCoordinate { return "" }
        let magnitude = abs(Int(micro))
        let fraction = String(magnitude % 1_000_000)
        return (micro < 0 ? "-" : "") + String(magnitude / 1_000_000) + "."
            + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    private func money(_ cents: Int32) -> String {
        let fraction = Int(cents) % 100
        return String(Int(cents) / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }
}

/// A CSV file written through ``CSVWriter`` in blocks of a few megabytes.
struct CSVFileSink {
    private let handle: FileHandle
    private var writer = CSVWriter(neutralizesFormulas: false, reservingCapacity: 1 << 22)
    private(set) var rows = 0

    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    mutating func row(_ fields: [String]) {
        writer.writeRow(fields)
        rows += 1
    }

    mutating func flushIfFull() throws {
        if writer.bytes.count >= 1 << 22 { try handle.write(contentsOf: writer.takeBytes()) }
    }

    mutating func close() throws {
        try handle.write(contentsOf: writer.takeBytes())
        try handle.close()
    }
}

/// Ids that leak no role: a prefix and eight hex digits of a keyed bijection of the dense index
/// (MurmurHash3's finalizer, which is invertible on 32 bits), so ids are unique without a set.
struct Identifiers {
    private let keys: [(add: UInt32, xor: UInt32)]

    init(seed: UInt64) {
        keys = (0..<11).map { kind in
            let mixed = SplitMix64.mix(seed ^ (0xA5A5_0000 + UInt64(kind)) &* 0x9E37_79B9_7F4A_7C15)
            return (UInt32(truncatingIfNeeded: mixed), UInt32(truncatingIfNeeded: mixed >> 32))
        }
    }

    func identifier(_ kind: EntityKind, _ index: Int) -> String {
        switch kind {
        case .seller: seller(index)
        case .storefront: storefront(index)
        case .paymentAccount: account(index)
        case .address: address(index)
        case .factory: factory(index)
        case .identifier: identifierRow(index)
        }
    }

    func seller(_ index: Int) -> String { make("S", 0, index) }
    func storefront(_ index: Int) -> String { make("SF", 1, index) }
    func account(_ index: Int) -> String { make("PA", 2, index) }
    func address(_ index: Int) -> String { make("AD", 3, index) }
    func factory(_ index: Int) -> String { make("FA", 4, index) }
    func listing(_ index: Int) -> String { make("L", 5, index) }
    func ring(_ index: Int) -> String { make("R", 6, index) }
    func place(_ index: Int) -> String { make("PL", 7, index) }
    func reference(_ index: Int) -> String { make("", 8, index) }
    func identifierRow(_ index: Int) -> String { make("ID", 9, index) }
    func image(_ index: Int) -> String { make("IM", 10, index) }

    private func make(_ prefix: StaticString, _ kind: Int, _ index: Int) -> String {
        var h = UInt32(truncatingIfNeeded: index) &+ keys[kind].add
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        h &*= 0xC2B2_AE35
        h ^= h >> 16
        h ^= keys[kind].xor
        let prefixLength = prefix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: prefixLength + 8) { buffer in
            let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefixLength)
            for (offset, byte) in prefixBytes.enumerated() { buffer[offset] = byte }
            for position in 0..<8 {
                let nibble = UInt8((h >> UInt32(28 - 4 * position)) & 0xF)
                buffer[prefixLength + position] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
            }
            return prefixLength + 8
        }
    }
}
