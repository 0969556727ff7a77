import Foundation
import Testing
@testable import WorldGenerator
import SellerGraph

/// A generated world in a fresh temporary folder, read back with a tiny RFC 4180 splitter.
private struct GeneratedDataset: Sendable {
    let directory: URL
    let summary: WorldSummary

    /// `images` stays small: drawing is the slow part of a debug build, and a few suffice here.
    init(sellers: Int, rings: Int? = nil, seed: UInt64, images: Int = 12) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ringscope-generator-tests-\(UUID().uuidString)")
        var parameters = WorldGenerator.Parameters(sellers: sellers, rings: rings, seed: seed)
        parameters.images = images
        summary = try WorldGenerator(parameters).write(to: directory)
    }

    func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(path))
    }

    /// Header and data rows of one file.
    func table(_ path: String) throws -> (header: [String], rows: [[String]]) {
        let records = splitCSV(String(decoding: try bytes(path), as: UTF8.self))
        return (records.first ?? [], Array(records.dropFirst()))
    }

    /// The values of one column of a file.
    func column(_ path: String, _ name: String) throws -> [String] {
        let (header, rows) = try table(path)
        let index = try #require(header.firstIndex(of: name), "\(path) has no column \(name)")
        return rows.map { $0[index] }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// One 20,000-seller world for every test that needs a large one, generated once on first use
/// and left in the temporary folder: four such tests each generated a world of their own, the
/// largest part of the test suite's time in CI. What they check holds for any seed.
private let largeWorld = Result { try GeneratedDataset(sellers: 20_000, seed: 12) }

/// RFC 4180: quoted fields may hold commas, doubled quotes and newlines.
private func splitCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var iterator = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil
    while let scalar = pending ?? iterator.next() {
        pending = nil
        if quoted {
            if scalar == "\"" {
                if let next = iterator.next() {
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    quoted = false
                }
            } else {
                field.unicodeScalars.append(scalar)
            }
        } else if scalar == "\"" {
            quoted = true
        } else if scalar == "," {
            record.append(field)
            field = ""
        } else if scalar == "\n" {
            record.append(field)
            records.append(record)
            record = []
            field = ""
        } else {
            field.unicodeScalars.append(scalar)
        }
    }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    return records
}

private let datasetFiles = ["sellers.csv", "storefronts.csv", "payment_accounts.csv", "addresses.csv", "factories.csv",
                            "links.csv", "evidence.csv", "listings.csv", "truth/rings.csv", "truth/factories.csv", "truth/addresses.csv",
                            "identifiers.csv", "images.csv", "truth/identifiers.csv", "truth/images.csv", "truth/hidden_members.csv"]

@Suite struct WorldGeneratorTests {
    @Test func sameSeedWritesByteIdenticalFiles() throws {
        let first = try GeneratedDataset(sellers: 3_000, seed: 42)
        let second = try GeneratedDataset(sellers: 3_000, seed: 42)
        defer { first.remove(); second.remove() }
        for file in datasetFiles {
            #expect(try first.bytes(file) == second.bytes(file), "\(file) differs between two runs with seed 42")
        }
        for image in try first.column("images.csv", "file") {
            #expect(try first.bytes(image) == second.bytes(image), "\(image) differs between two runs with seed 42")
        }
        #expect(first.summary == second.summary)
    }

    @Test func differentSeedWritesDifferentFiles() throws {
        let first = try GeneratedDataset(sellers: 3_000, seed: 1)
        let second = try GeneratedDataset(sellers: 3_000, seed: 2)
        defer { first.remove(); second.remove() }
        for file in ["sellers.csv", "links.csv", "addresses.csv", "listings.csv"] {
            #expect(try first.bytes(file) != second.bytes(file), "\(file) is the same for seeds 1 and 2")
        }
    }

    @Test func summaryCountsEqualRowsInFiles() throws {
        let dataset = try GeneratedDataset(sellers: 2_500, rings: 5, seed: 3)
        defer { dataset.remove() }
        #expect(dataset.summary.files.map(\.path) == datasetFiles)
        for file in datasetFiles {
            let (header, rows) = try dataset.table(file)
            #expect(rows.count == dataset.summary.rows(in: file), "\(file)")
            #expect(rows.allSatisfy { $0.count == header.count }, "\(file): a row with the wrong number of fields")
        }
        #expect(try dataset.table("sellers.csv").rows.count == 2_500)
        #expect(dataset.summary.rings == 5)
        let relations = try dataset.column("links.csv", "relation")
        for (relation, count) in dataset.summary.linksPerRelation {
            #expect(relations.filter { $0 == relation.rawValue }.count == count, "\(relation.rawValue)")
        }
        let kinds = try dataset.column("evidence.csv", "kind")
        for (kind, count) in dataset.summary.evidencePerKind {
            #expect(kinds.filter { $0 == kind.rawValue }.count == count, "\(kind.rawValue)")
        }
    }

    @Test func headersFollowTheDatasetFormat() throws {
        let dataset = try GeneratedDataset(sellers: 500, seed: 4)
        defer { dataset.remove() }
        let expected: [String: [String]] = [
            "sellers.csv": ["seller_id", "name", "registered_on", "country", "province", "city"],
            "storefronts.csv": ["storefront_id", "seller_id", "platform", "name", "opened_on"],
            "payment_accounts.csv": ["account_id", "provider", "holder_name"],
            "addresses.csv": ["address_id", "text", "city", "province", "country", "lat", "lon"],
            "factories.csv": ["factory_id", "name", "city", "province", "country", "lat", "lon"],
            "links.csv": ["source_id", "target_id", "relation", "first_seen", "last_seen"],
            "evidence.csv": ["entity_type", "entity_id", "kind", "brand", "observed_on", "reference"],
            "listings.csv": ["listing_id", "storefront_id", "brand", "title", "price", "msrp", "currency", "units_sold"],
            "truth/rings.csv": ["ring_id", "seller_id"],
            "truth/factories.csv": ["factory_id", "ring_storefront_weight"],
            "truth/addresses.csv": ["address_id", "place_id"],
        ]
        for (file, columns) in expected {
            #expect(try dataset.table(file).header == columns, "\(file)")
        }
    }

    @Test func referencesPointAtExistingEntitiesOfTheRightKind() throws {
        let dataset = try GeneratedDataset(sellers: 3_000, rings: 8, seed: 5)
        defer { dataset.remove() }
        var ids: [EntityKind: Set<String>] = [:]
        for kind in EntityKind.allCases {
            let column = try dataset.column(kind.fileName, kind.idColumn)
            ids[kind] = Set(column)
            #expect(ids[kind]!.count == column.count, "duplicate id in \(kind.fileName)")
        }
        for seller in try dataset.column("storefronts.csv", "seller_id") { #expect(ids[.seller]!.contains(seller)) }
        let (header, links) = try dataset.table("links.csv")
        let source = header.firstIndex(of: "source_id")!, target = header.firstIndex(of: "target_id")!
        let relation = header.firstIndex(of: "relation")!
        let first = header.firstIndex(of: "first_seen")!, last = header.firstIndex(of: "last_seen")!
        var dangling = 0
        for link in links {
            let kind = try #require(Relation(rawValue: link[relation]))
            if !ids[kind.sourceKind]!.contains(link[source]) || !ids[kind.targetKind]!.contains(link[target]) { dangling += 1 }
            #expect(link[first] <= link[last], "first_seen after last_seen")
        }
        #expect(dangling == 0)
        let (evidenceHeader, evidence) = try dataset.table("evidence.csv")
        for row in evidence {
            let kind = try #require(EntityKind(rawValue: row[evidenceHeader.firstIndex(of: "entity_type")!]))
            #expect(ids[kind]!.contains(row[evidenceHeader.firstIndex(of: "entity_id")!]))
            #expect(EvidenceKind(rawValue: row[evidenceHeader.firstIndex(of: "kind")!]) != nil)
        }
        for storefront in try dataset.column("listings.csv", "storefront_id") { #expect(ids[.storefront]!.contains(storefront)) }
        for seller in try dataset.column("truth/rings.csv", "seller_id") { #expect(ids[.seller]!.contains(seller)) }
        #expect(Set(try dataset.column("truth/factories.csv", "factory_id")) == ids[.factory]!)
        #expect(Set(try dataset.column("truth/addresses.csv", "address_id")) == ids[.address]!)
    }

    @Test func ringsHaveHeavyTailedSizesAndShareInfrastructure() throws {
        let dataset = try largeWorld.get()
        #expect(dataset.summary.rings == 20_000 / 300)
        var members: [String: Int] = [:]
        for ring in try dataset.column("truth/rings.csv", "ring_id") { members[ring, default: 0] += 1 }
        #expect(members.count == dataset.summary.rings)
        #expect(members.values.allSatisfy { $0 >= 3 })
        #expect(members.values.max()! >= 30, "no large ring")
        // Some workshops serve two rings; legitimate factories have weight 0.
        #expect(dataset.summary.sharedWorkshops >= 1)
        let weights = try dataset.column("truth/factories.csv", "ring_storefront_weight").map { Int($0)! }
        #expect(weights.filter { $0 > 0 }.count == dataset.summary.workshops)
        // Some address rows are spellings of one place.
        let places = try dataset.column("truth/addresses.csv", "place_id")
        #expect(Set(places).count < places.count)
    }

    @Test func hubsAreSharedByThousandsInATwentyThousandSellerWorld() throws {
        let dataset = try largeWorld.get()
        let (header, links) = try dataset.table("links.csv")
        let target = header.firstIndex(of: "target_id")!, relation = header.firstIndex(of: "relation")!
        var shipping: [String: Int] = [:], payouts: [String: Int] = [:], supply: [String: Int] = [:]
        for link in links {
            switch link[relation] {
            case "ships_from": shipping[link[target], default: 0] += 1
            case "pays_to": payouts[link[target], default: 0] += 1
            case "supplied_by": supply[link[target], default: 0] += 1
            default: break
            }
        }
        #expect(shipping.values.max()! >= 1_000, "no logistics hub")
        #expect(payouts.values.max()! >= 1_000, "no escrow pool")
        #expect(supply.values.max()! >= 1_000, "no large OEM")
        #expect(dataset.summary.hubWarehouses >= 3)
    }

    @Test func chineseTextIsPresent() throws {
        let dataset = try GeneratedDataset(sellers: 2_000, seed: 9)
        defer { dataset.remove() }
        func hasCJK(_ text: String) -> Bool { text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        #expect(try dataset.column("sellers.csv", "name").contains(where: hasCJK))
        #expect(try dataset.column("sellers.csv", "city").contains(where: hasCJK))
        #expect(try dataset.column("storefronts.csv", "name").contains(where: hasCJK))
        #expect(try dataset.column("addresses.csv", "text").contains(where: hasCJK))
    }

    @Test func datesAndCoordinatesAreWellFormed() throws {
        let dataset = try GeneratedDataset(sellers: 1_000, seed: 10)
        defer { dataset.remove() }
        let datePattern = /^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/
        for date in try dataset.column("sellers.csv", "registered_on") + dataset.column("links.csv", "first_seen") {
            #expect(date.wholeMatch(of: datePattern) != nil, "bad date \(date)")
        }
        for lat in try dataset.column("addresses.csv", "lat") where !lat.isEmpty {
            #expect(abs(Double(lat)!) <= 90)
        }
        for lon in try dataset.column("addresses.csv", "lon") where !lon.isEmpty {
            #expect(abs(Double(lon)!) <= 180)
        }
    }

    @Test(arguments: [(5, 1), (100, 40)])
    func rejectsParametersThatCannotMakeAWorld(sellers: Int, rings: Int) {
        #expect(throws: WorldGenerator.ParameterError.self) {
            try WorldGenerator(WorldGenerator.Parameters(sellers: sellers, rings: rings, seed: 1)).validate()
        }
    }

    @Test func worldCalendarRoundTrips() {
        #expect(WorldCalendar.text(0) == "2010-01-01")
        #expect(WorldCalendar.text(WorldCalendar.day(2024, 2, 29)) == "2024-02-29")
        #expect(WorldCalendar.text(WorldCalendar.end) == "2025-10-31")
    }
}

@Suite struct WorldGeneratorRingTests {
    /// Every ring member, the clean-looking ones included, shares some infrastructure that is
    /// not a hub (an account, a physical place, a factory) with another member of its ring —
    /// but for the hidden members, tied to their ring only by an identifier or a photo.
    @Test func ringMembersShareSomethingThatIsNotAHub() throws {
        let dataset = try largeWorld.get()
        let ringOf = Dictionary(uniqueKeysWithValues: zip(try dataset.column("truth/rings.csv", "seller_id"),
                                                          try dataset.column("truth/rings.csv", "ring_id")))
        let sellerOf = Dictionary(uniqueKeysWithValues: zip(try dataset.column("storefronts.csv", "storefront_id"),
                                                            try dataset.column("storefronts.csv", "seller_id")))
        let placeOf = Dictionary(uniqueKeysWithValues: zip(try dataset.column("truth/addresses.csv", "address_id"),
                                                           try dataset.column("truth/addresses.csv", "place_id")))
        let (header, links) = try dataset.table("links.csv")
        let source = header.firstIndex(of: "source_id")!, target = header.firstIndex(of: "target_id")!
        let relation = header.firstIndex(of: "relation")!
        // Infrastructure keys per seller: "account:…", "place:…", "factory:…".
        var keys: [String: Set<String>] = [:]
        var degree: [String: Int] = [:]
        for link in links {
            let seller: String
            switch link[relation] {
            case "registered_at": seller = link[source]
            case "pays_to", "ships_from", "returns_to", "supplied_by": seller = sellerOf[link[source]]!
            default: continue
            }
            let key: String
            switch link[relation] {
            case "pays_to": key = "account:" + link[target]
            case "supplied_by": key = "factory:" + link[target]
            default: key = "place:" + placeOf[link[target]]!
            }
            degree[key, default: 0] += 1
            if ringOf[seller] != nil { keys[seller, default: []].insert(key) }
        }
        var users: [String: [String: Int]] = [:]  // key → ring → members using it
        for (seller, sellerKeys) in keys {
            for key in sellerKeys where degree[key]! < 500 { users[key, default: [:]][ringOf[seller]!, default: 0] += 1 }
        }
        let hidden = Set(try dataset.column("truth/hidden_members.csv", "seller_id"))
        #expect(!hidden.isEmpty)
        let isolated = ringOf.keys.filter { !hidden.contains($0) }.filter { seller in
            !(keys[seller] ?? []).contains { key in degree[key]! < 500 && users[key]![ringOf[seller]!]! >= 2 }
        }
        #expect(Double(isolated.count) <= 0.02 * Double(ringOf.count), "\(isolated.count) of \(ringOf.count) ring members share nothing")
        // The hidden members share no account, place or factory with their ring.
        let exposed = hidden.filter { seller in (keys[seller] ?? []).contains { key in degree[key]! < 500 && users[key]![ringOf[seller]!]! >= 2 } }
        #expect(Double(exposed.count) <= 0.1 * Double(hidden.count), "\(exposed.count) of \(hidden.count) hidden members share infrastructure with their ring")
    }

    /// Rows are shuffled: ring members are spread through sellers.csv, not grouped, and their
    /// ids look like everyone else's.
    @Test func ringMembersAreSpreadThroughTheFile() throws {
        let dataset = try largeWorld.get()
        let ringSellers = Set(try dataset.column("truth/rings.csv", "seller_id"))
        let sellers = try dataset.column("sellers.csv", "seller_id")
        let positions = sellers.indices.filter { ringSellers.contains(sellers[$0]) }
        let meanPosition = Double(positions.reduce(0, +)) / Double(positions.count) / Double(sellers.count)
        #expect(abs(meanPosition - 0.5) < 0.1, "ring members cluster in sellers.csv (mean position \(meanPosition))")
        let idPattern = /^S[0-9a-f]{8}$/
        #expect(sellers.allSatisfy { $0.wholeMatch(of: idPattern) != nil })
        let firstDigits = Set(ringSellers.map { $0.dropFirst().prefix(1) })
        #expect(firstDigits.count >= 12, "ring ids share a prefix")
    }

    @Test func legitimateFactoriesHaveZeroWeightAndSomeSupplyRingStorefronts() throws {
        let dataset = try largeWorld.get()
        let weights = Dictionary(uniqueKeysWithValues: zip(try dataset.column("truth/factories.csv", "factory_id"),
                                                           try dataset.column("truth/factories.csv", "ring_storefront_weight").map { Int($0)! }))
        let ringSellers = Set(try dataset.column("truth/rings.csv", "seller_id"))
        let sellerOf = Dictionary(uniqueKeysWithValues: zip(try dataset.column("storefronts.csv", "storefront_id"),
                                                            try dataset.column("storefronts.csv", "seller_id")))
        let (header, links) = try dataset.table("links.csv")
        let source = header.firstIndex(of: "source_id")!, target = header.firstIndex(of: "target_id")!
        var ringSupply: [String: Int] = [:], honestSupply: [String: Int] = [:]
        for link in links where link[header.firstIndex(of: "relation")!] == "supplied_by" {
            if ringSellers.contains(sellerOf[link[source]]!) {
                ringSupply[link[target], default: 0] += 1
            } else {
                honestSupply[link[target], default: 0] += 1
            }
        }
        // A workshop's weight counts its ring storefront links.
        for (factory, weight) in weights where weight > 0 { #expect(ringSupply[factory] == weight) }
        // Legitimate OEMs with thousands of honest storefronts also supply a few ring ones.
        let oemsServingRings = weights.filter { $0.value == 0 && (ringSupply[$0.key] ?? 0) > 0 && (honestSupply[$0.key] ?? 0) >= 1_000 }
        #expect(!oemsServingRings.isEmpty)
    }
}
