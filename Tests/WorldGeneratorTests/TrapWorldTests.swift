import Foundation
import Testing
@testable import WorldGenerator
import SellerGraph

/// Where the suite's one world is written; removed when the test process exits.
private let trapWorldFolder = FileManager.default.temporaryDirectory.appendingPathComponent("ringscope-trap-world-\(UUID().uuidString)")

/// A world generated with traps (`generate --traps`), checked through the files as a user gets
/// them: every trap is there, its answer key says what the files show, and the CSV quirks load.
@Suite struct TrapWorldTests {
    let directory: URL
    let network: SellerNetwork

    static func parameters() -> WorldGenerator.Parameters {
        var parameters = WorldGenerator.Parameters(sellers: 3_000, rings: 8, seed: 5)
        parameters.images = 12
        parameters.enableTraps()
        return parameters
    }

    /// One world for every test of the suite (generated once, on first use).
    private static let shared = Result { () throws -> (URL, SellerNetwork) in
        let directory = trapWorldFolder
        atexit { try? FileManager.default.removeItem(at: trapWorldFolder) }  // the suite's world outlives every test
        try WorldGenerator(parameters()).write(to: directory)
        return (directory, try DatasetLoader(directory: directory.path).load().network)
    }

    init() throws {
        (directory, network) = try Self.shared.get()
    }

    private func rows(_ path: String) throws -> [[String: String]] {
        try csvRows(directory, path)
    }

    private func sellers(in trap: String) throws -> [(seller: Int32, group: String)] {
        try rows("truth/traps.csv").filter { $0["trap"] == trap }.map {
            (try #require(network.table(.seller).index(of: $0["seller_id"]!)), $0["group_id"]!)
        }
    }

    @Test func everyTrapIsInTheAnswerKey() throws {
        let traps = Set(try rows("truth/traps.csv").map { $0["trap"]! })
        for trap in ["ring", "evidence_free_ring", "rotating_payouts", "forwarder_ring", "hidden_identifier", "hidden_image",
                     "agent_client", "collector_client", "forwarder_customer", "family_lone_counterfeiter", "family_of_lone"] {
            #expect(traps.contains(trap), "\(trap) is in truth/traps.csv")
        }
        let ringSellers = Set(try rows("truth/rings.csv").map { $0["seller_id"]! })
        #expect(Set(try rows("truth/traps.csv").filter { $0["trap"] == "ring" }.map { $0["seller_id"]! }) == ringSellers)
    }

    /// An accounting firm's clients register at its office: 50–180 honest sellers on one address,
    /// most with the firm's phone, none of them in a ring.
    @Test func agentClientsShareTheOfficeAndPhone() throws {
        let clients = try sellers(in: "agent_client")
        let ringSellers = Set(try rows("truth/rings.csv").map { $0["seller_id"]! })
        let registered = network.links(.registeredAt)
        let offices = Set(clients.flatMap { registered.forward[$0.seller].map { network.id(.address, $0) } })
        #expect(offices == Set(clients.map(\.group)))
        for office in offices {
            let count = clients.filter { $0.group == office }.count
            #expect(TrapBuilder.agentClients.lowerBound + 1 ... TrapBuilder.agentClients.upperBound + 1 ~= count)
        }
        #expect(clients.allSatisfy { !ringSellers.contains(network.id(.seller, $0.seller)) })
        let phones = network.links(.registeredWith)
        var users: [Int32: Int] = [:]
        for client in clients { for identifier in phones.forward[client.seller] { users[identifier, default: 0] += 1 } }
        #expect((users.values.max() ?? 0) >= clients.count / 3, "the firm's phone is shared by its clients")
    }

    /// A collector's account receives the takings of storefronts of many honest sellers.
    @Test func collectorClientsPayOneAccount() throws {
        let clients = try sellers(in: "collector_client")
        let pays = network.links(.paysTo)
        for account in Set(clients.map(\.group)) {
            let index = try #require(network.table(.paymentAccount).index(of: account))
            let payers = Set(pays.backward[index].map { network.seller(of: $0) })
            #expect(payers.count >= 10)
            #expect(payers.isSubset(of: Set(clients.map(\.seller))))
        }
    }

    /// Evidence-free rings carry no confirmed fake, seizure or takedown on their sellers or storefronts.
    @Test func evidenceFreeRingsHaveNoConfirmingEvidence() throws {
        let members = Set(try sellers(in: "evidence_free_ring").map(\.seller))
        #expect(!members.isEmpty)
        for record in network.evidence where TrapBuilder.confirmingEvidence.contains(record.kind) {
            switch record.entityKind {
            case .seller: #expect(!members.contains(record.entity))
            case .storefront: #expect(!members.contains(network.seller(of: record.entity)))
            default: break
            }
        }
    }

    /// The lone counterfeiter of a family has a confirmed fake; the family is not a ring.
    @Test func loneCounterfeitersInFamiliesHaveAConfirmedFake() throws {
        let lone = try sellers(in: "family_lone_counterfeiter")
        let family = try sellers(in: "family_of_lone")
        let ringSellers = Set(try rows("truth/rings.csv").map { $0["seller_id"]! })
        #expect(!lone.isEmpty && !family.isEmpty)
        for (seller, _) in lone + family { #expect(!ringSellers.contains(network.id(.seller, seller))) }
        for (seller, _) in lone {
            #expect(network.evidence.contains { $0.kind == .testPurchaseFake && $0.entityKind == .storefront && network.seller(of: $0.entity) == seller })
        }
    }

    /// Rotating ring storefronts pay into two or more accounts in consecutive windows.
    @Test func rotatingPayoutsUseConsecutiveWindows() throws {
        let members = Set(try sellers(in: "rotating_payouts").map(\.seller))
        let pays = network.links(.paysTo)
        var rotating = 0
        for storefront in 0 ..< Int32(network.count(of: .storefront)) where members.contains(network.seller(of: storefront)) {
            let links = pays.forwardLinks[storefront]
            guard Set(links.map { pays.targets[Int($0)] }).count >= 2 else { continue }
            let windows = links.map { (pays.firstSeen[Int($0)], pays.lastSeen[Int($0)]) }.sorted { $0.0 < $1.0 }
            if zip(windows, windows.dropFirst()).allSatisfy({ $0.1 < $1.0 }) { rotating += 1 }
        }
        #expect(rotating > 0)
    }

    /// One file with CRLF, one with a byte-order mark; both load (the loader ran in init).
    @Test func csvQuirksAreWrittenAndLoad() throws {
        let bom = try Data(contentsOf: directory.appendingPathComponent(CSVQuirks.bomFile.path))
        #expect(bom.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        let crlf = try Data(contentsOf: directory.appendingPathComponent(CSVQuirks.crlfFile.path))
        #expect(crlf.firstRange(of: Data("\r\n".utf8)) != nil)
        #expect(network.count(of: .storefront) == (try rows("storefronts.csv")).count)
        #expect(CSVQuirks.withCRLF(Data("a,\"x\ny\"\nb\n".utf8)) == Data("a,\"x\ny\"\r\nb\r\n".utf8))
    }

    /// Without traps nothing of this is written.
    @Test func worldsWithoutTrapsHaveNoTrapKey() throws {
        #expect(!WorldGenerator.Parameters(sellers: 100).traps)
        #expect(Self.parameters().ringSizeRange == TrapBuilder.ringSizeRange)
    }
}
