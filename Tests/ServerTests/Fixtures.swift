import CaseStore
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Server

/// A case store with one recorded run and the run's folder on disk, in a temporary folder.
struct WorkspaceFixture {
    let folder: String
    let storePath: String
    let runFolder: String

    /// The hostile text every page must show as text: markup, quotes, an attribute break-out.
    static let hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"

    /// Two rings: R-aaaa1111 (rank 1, a hostile summary and brand) and R-bbbb2222 (rank 2); and
    /// `extraRings` more of two sellers each (R-c0000003…, rank 3…, brand Nike), for the queue's pages.
    init(writeRunFolder: Bool = true, extraRings: Int = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("workspace-\(UUID().uuidString)").path
        storePath = folder + "/cases.sqlite"
        runFolder = folder + "/runs/world"
        try FileManager.default.createDirectory(atPath: runFolder, withIntermediateDirectories: true)
        let store = try CaseStore(path: storePath)
        func ring(_ id: String, rank: Int, sellers: [String], brand: String, summary: String) -> RingSnapshot {
            var members: [RingSnapshot.Member] = sellers.map { .init("seller", $0, role: "seller") }
            members.append(.init("payment_account", "PA-" + id, role: "shared_payout_account"))
            members.append(.init("factory", "FA-" + id, role: "shared_supplier"))
            var snapshot = RingSnapshot(ringID: id, rank: rank, score: 90 - Double(rank) * 10, assessment: "counterfeit_ring", summary: summary,
                                        reasons: "3 sellers share 1 payout account; 2 confirmed fake test purchases", brands: [brand],
                                        province: "Guangdong", members: members)
            if rank == 1 {
                snapshot.features = [RingFeatureRecord(feature: "shared_payout_accounts", value: 1, contribution: 0.125, sentence: "1 payout account shared"),
                                     RingFeatureRecord(feature: "confirmed_fakes", value: 2, contribution: 1.5, sentence: WorkspaceFixture.hostile)]
            }
            return snapshot
        }
        let snapshot = RunSnapshot(dataset: "world", datasetPath: "/data/world", runFolder: runFolder, toolVersion: "test", seed: 1,
                                   recordedAt: Date(timeIntervalSince1970: 1_772_323_200),
                                   rings: [ring("R-aaaa1111", rank: 1, sellers: ["S1", "S2", "S3"], brand: WorkspaceFixture.hostile, summary: WorkspaceFixture.hostile),
                                           ring("R-bbbb2222", rank: 2, sellers: ["S4", "S5"], brand: "Gucci", summary: "two sellers, one account")]
                                       + (0 ..< extraRings).map { index in
                                           let rank = index + 3
                                           return ring(String(format: "R-c%07d", rank), rank: rank, sellers: ["S\(rank)a", "S\(rank)b"], brand: "Nike", summary: "ring \(rank)")
                                       })
        _ = try store.record(snapshot)
        if writeRunFolder { try writeFolder() }
    }

    func writeFolder() throws {
        let ring = runFolder + "/rings/R-aaaa1111"
        try FileManager.default.createDirectory(atPath: ring + "/images", withIntermediateDirectories: true)
        try "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><title>ring</title></svg>".write(toFile: ring + "/diagram.svg", atomically: true, encoding: .utf8)
        try "entity_type,entity_id,role,name,place,ring_sellers_using_it,evidence_rows\nseller,S1,seller,\"\(WorkspaceFixture.hostile.replacingOccurrences(of: "\"", with: "\"\""))\",Guangzhou,1,0\n"
            .write(toFile: ring + "/members.csv", atomically: true, encoding: .utf8)
        try "entity_type,entity_id,kind,brand,observed_on,reference,source_file,source_line,reported_by\nstorefront,SF1,test_purchase,Gucci,2025-01-02,TP-1,evidence.csv,2,\n"
            .write(toFile: ring + "/evidence.csv", atomically: true, encoding: .utf8)
        try "source_id,target_id,relation,first_seen,last_seen,source_file,source_line,image_file,box,confidence,text_read\nSF1,PH1,uses_phone,2025-01-01,2025-01-02,images.csv,3,images/IM1.png,\"4,5–24,15\",0.91,+86 138 0013 8000\n"
            .write(toFile: ring + "/links.csv", atomically: true, encoding: .utf8)
        try WorkspaceFixture.png(width: 40, height: 30).write(to: URL(fileURLWithPath: ring + "/images/IM1.png"))
        try "referral for R-aaaa1111\n".write(toFile: ring + "/referral.md", atomically: true, encoding: .utf8)
        try "rank,factory_id,name,score,rings,storefronts,confirmed_fakes,city,province,lat,lon,reasons,ring_ids,supplied_storefronts\n1,FA-R-aaaa1111,Yuxiang Factory,70.0,1,3,2,Putian,Fujian,25.5,119.1,supplies 1 ring,R-aaaa1111,3\n"
            .write(toFile: runFolder + "/factories.csv", atomically: true, encoding: .utf8)
        // Places: ring R-aaaa1111's factory (a member and its supplier), with coordinates in Putian;
        // an address of no ring here, which no case page may show.
        try "entity_type,entity_id,lat,lon,standing,province_code,province,city_code,city,country,km_outside_outline,text_city,text_province,warning\n"
            .appending("factory,FA-R-aaaa1111,25.43,119.01,inside,350000,Fujian,350300,Putian,CN,0,Putian,Fujian,\n")
            .appending("address,AD-elsewhere,23.13,113.26,inside,440000,Guangdong,440100,Guangzhou,CN,0,Guangzhou,Guangdong,\n")
            .write(toFile: runFolder + "/places.csv", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: folder + "/outside.txt", atomically: true, encoding: .utf8)
    }

    /// The smallest valid-looking PNG header of the given size (the workspace reads only IHDR).
    static func png(width: UInt32, height: UInt32) -> Data {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
        for value in [width, height] { bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        bytes += [8, 6, 0, 0, 0, 0, 0, 0, 0]
        return Data(bytes)
    }

    func workspace(readOnly: Bool = false, runs: String? = nil) throws -> Workspace {
        try Workspace(WorkspaceConfiguration(casesPath: storePath, runsDirectory: runs, readOnly: readOnly, port: 0))
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

/// A browser's session: the cookie from its first page, the form token read from a case page.
struct BrowserSession {
    var cookie: String
    var token: String

    static func open(_ client: some TestClientProtocol, case id: String) async throws -> BrowserSession {
        try await client.execute(uri: "/cases/\(id)", method: .get) { response in
            let setCookie = response.headers[.setCookie] ?? ""
            let cookie = String(setCookie.split(separator: ";")[0])
            let page = String(buffer: response.body)
            guard let range = page.range(of: "name=\"csrf\" value=\"") else { return BrowserSession(cookie: cookie, token: "") }
            let token = String(page[range.upperBound...].prefix { $0 != "\"" })
            return BrowserSession(cookie: cookie, token: token)
        }
    }

    /// POSTs a form as this browser.
    func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)], token: String? = nil) async throws -> TestResponse {
        let body = ([("csrf", token ?? self.token)] + fields).map { "\($0.0)=\(HTML.urlComponent($0.1))" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: body))
    }
}
