import Foundation
import Testing
@testable import WorldGenerator
import SellerGraph

/// Where the suite's one world is written; removed when the test process exits.
private let identifierWorldFolder = FileManager.default.temporaryDirectory.appendingPathComponent("ringscope-identifier-world-\(UUID().uuidString)")

/// The identifiers, hidden members and images of a generated world, checked through the files
/// as a user gets them.
@Suite struct IdentifierWorldTests {
    let directory: URL
    let network: SellerNetwork

    /// One world for every test of the suite (generated once, on first use): Swift Testing makes
    /// a new suite value for each test, and a world per test cost CI three needless worlds.
    private static let shared = Result { () throws -> (URL, SellerNetwork) in
        let directory = identifierWorldFolder
        atexit { try? FileManager.default.removeItem(at: identifierWorldFolder) }  // the suite's world outlives every test
        var parameters = WorldGenerator.Parameters(sellers: 3_000, rings: 10, seed: 2)
        parameters.images = 14
        try WorldGenerator(parameters).write(to: directory)
        return (directory, try DatasetLoader(directory: directory.path).load().network)
    }

    init() throws {
        (directory, network) = try Self.shared.get()
    }

    private func rows(_ path: String) throws -> [[String: String]] {
        try csvRows(directory, path)
    }

    /// Every hidden member is a ring member in truth/rings.csv, and is tied to its ring the way the
    /// key says: through an identifier other ring members use, or through an image only.
    @Test func hiddenMembersAreTiedTheWayTheKeySays() throws {
        let truth = try rows("truth/rings.csv")
        let ringOf = Dictionary(uniqueKeysWithValues: truth.map { ($0["seller_id"]!, $0["ring_id"]!) })
        let hidden = try rows("truth/hidden_members.csv")
        #expect(hidden.count >= 4, "at least one per ring")
        #expect(Set(hidden.map { $0["tie"]! }) == ["identifier", "image"])
        let folding = IdentifierResolution(network: network)
        let uses = network.links(.uses)
        let images = try rows("truth/images.csv")
        for member in hidden {
            let seller = try #require(network.table(.seller).index(of: member["seller_id"]!))
            #expect(ringOf[member["seller_id"]!] == member["ring_id"])
            let storefronts = (0 ..< Int32(network.count(of: .storefront))).filter { network.seller(of: $0) == seller }
            let others = truth.filter { $0["ring_id"] == member["ring_id"] && $0["seller_id"] != member["seller_id"] }
                .compactMap { network.table(.seller).index(of: $0["seller_id"]!) }
            if member["tie"] == "image" {
                let shown = images.filter { row in storefronts.contains { network.id(.storefront, $0) == row["storefront_id"] } }
                #expect(shown.contains { $0["ring_id"] == member["ring_id"] && !($0["wechat_ids"]! + $0["phones"]!).isEmpty })
                // What the photo shows is an identifier other members of the ring use in links.csv:
                // a tie the data holds, not one only the answer key knows.
                let printed = Set(shown.flatMap { row in
                    row["wechat_ids"]!.split(separator: " ").compactMap { FoldedIdentifier.fold(String($0), kind: .wechat)?.key }
                        + row["phones"]!.split(separator: " ").compactMap { FoldedIdentifier.fold(String($0), kind: .phone)?.key }
                })
                let table = network.table(.identifier)
                let usedByOthers = (0 ..< Int32(network.count(of: .storefront))).filter { others.contains(network.seller(of: $0)) }
                    .flatMap { uses.forward[$0] }
                    .compactMap { FoldedIdentifier.fold(table.identifierValues[Int($0)], kind: table.identifierKinds[Int($0)])?.key }
                #expect(!printed.isDisjoint(with: usedByOthers), "\(member["seller_id"]!)'s photo shows an identifier its ring uses")
            } else {
                // Some identifier of the member's storefronts is also used by another member of its ring.
                let groups = Set(storefronts.flatMap { uses.forward[$0].map { folding.representative[Int($0)] } })
                let shared = (0 ..< Int32(network.count(of: .storefront))).contains { storefront in
                    others.contains(network.seller(of: storefront)) && uses.forward[storefront].contains { groups.contains(folding.representative[Int($0)]) }
                }
                #expect(shared, "\(member["seller_id"]!) shares an identifier with its ring")
            }
        }
    }

    /// Two physical identifiers never share a value: unrelated sellers with one e-mail address
    /// would be tied by the world itself, not by anything they do (489 shared e-mail values at 20k
    /// sellers before the fix).
    @Test func distinctLinesHaveDistinctEmailsPhonesAndDevices() throws {
        var lineOf: [String: String] = [:]
        var checked = 0
        for row in try rows("truth/identifiers.csv") where ["email", "phone", "device"].contains(row["kind"]!) {
            let kind = IdentifierKind(rawValue: row["kind"]!)!
            let key = try #require(FoldedIdentifier.fold(row["value"]!, kind: kind)?.key)
            if let line = lineOf.updateValue(row["line_id"]!, forKey: row["kind"]! + " " + key) {
                #expect(line == row["line_id"]!, "\(row["value"]!) is held by lines \(line) and \(row["line_id"]!)")
            }
            checked += 1
        }
        #expect(checked > 1_000)
    }

    /// Rows written several ways fold to the value the answer key gives, and one value is one row per spelling.
    @Test func spellingsFoldToTheTrueValue() throws {
        let truth = Dictionary(uniqueKeysWithValues: try rows("truth/identifiers.csv").map { ($0["identifier_id"]!, $0) })
        let table = network.table(.identifier)
        var lines: [String: Set<String>] = [:]
        for row in 0 ..< table.count {
            let id = table.ids[Int32(row)]
            let key = try #require(truth[id])
            let folded = try #require(FoldedIdentifier.fold(table.identifierValues[row], kind: table.identifierKinds[row]))
            let expected = try #require(FoldedIdentifier.fold(key["value"]!, kind: table.identifierKinds[row]))
            #expect(folded.key == expected.key, "\(id) \(table.identifierValues[row]) → \(folded.key), expected \(expected.key)")
            lines[key["line_id"]!, default: []].insert(table.identifierValues[row])
        }
        #expect(lines.values.contains { $0.count > 1 }, "some identifier is written several ways")
    }

    @Test func imagesAreThereAndSayWhatTheKeySays() throws {
        let images = try rows("truth/images.csv")
        #expect(images.count == network.images.count)
        #expect(Set(images.map { $0["kind"]! }).isSuperset(of: ["parcel_label", "listing_image"]))
        for image in images {
            let data = try Data(contentsOf: directory.appendingPathComponent(image["file"]!))
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(image["file"]!) is a PNG")
            for phone in image["phones"]!.split(separator: " ") { #expect(image["text"]!.filter(\.isNumber).contains(String(phone.dropFirst(3)))) }
            for id in image["wechat_ids"]!.split(separator: " ") { #expect(image["text"]!.contains(id)) }
        }
    }
}

