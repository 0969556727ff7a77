import CaseStore
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Server

/// The case ids of the fixture's two rings, by ring.
private func caseIDs(_ fixture: WorkspaceFixture) throws -> (first: String, second: String) {
    let store = try CaseStore(path: fixture.storePath)
    let cases = try store.cases()
    return (cases.first { $0.lastRing == "R-aaaa1111" }!.id, cases.first { $0.lastRing == "R-bbbb2222" }!.id)
}

@Test func theQueueListsCasesByRankWithFilterCounts() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let (first, second) = try caseIDs(fixture)
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        try await client.execute(uri: "/", method: .get) { response in
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            let one = try #require(page.range(of: ">\(first)</a>")), two = try #require(page.range(of: ">\(second)</a>"))
            #expect(one.lowerBound < two.lowerBound)
            #expect(page.contains("Gucci <span class=\"count\">1</span>"))
            #expect(page.contains("new <span class=\"count\">2</span>"))
        }
        try await client.execute(uri: "/?brand=Gucci", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(page.contains(">\(second)</a>") && !page.contains(">\(first)</a>"))
        }
        try await client.execute(uri: "/?score=75", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(page.contains(">\(first)</a>") && !page.contains(">\(second)</a>"))
        }
    }
}

@Test func everyValueFromTheDataIsEscapedAndPagesCarryAPolicy() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let (first, _) = try caseIDs(fixture)
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        for uri in ["/", "/cases/\(first)", "/factories"] {
            try await client.execute(uri: uri, method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(!page.contains("<script>alert"), "\(uri) shows markup from the data")
                #expect(!page.contains("<img src=x"), "\(uri) shows markup from the data")
                #expect(response.headers[HTML.policyField]?.contains("script-src 'self'") == true)
                #expect(response.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff")
            }
        }
        try await client.execute(uri: "/cases/\(first)", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;"))
            // Every part of the page: why this rank, diagram, members, evidence, photo with its box, factories, history.
            for part in ["3 sellers share 1 payout account", "diagram.svg", "test_purchase", "<rect class=\"ocr\" x=\"4\" y=\"5\" width=\"20\" height=\"10\">",
                         "viewBox=\"0 0 40 30\"", "Yuxiang Factory", "opened", "confirmed_fakes", "+1.500", "+0.125"] {
                #expect(page.contains(part), "the case page lacks \(part)")
            }
            #expect(page.contains("fails <code>ringscope verify</code>"), "a run folder without a manifest must be reported")
            // Contributions largest first.
            let large = try #require(page.range(of: "+1.500")), small = try #require(page.range(of: "+0.125"))
            #expect(large.lowerBound < small.lowerBound)
        }
    }
}

@Test func aStatusChangeNeedsTheSessionTokenAndIsRecordedWithWho() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let (first, _) = try caseIDs(fixture)
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        let browser = try await BrowserSession.open(client, case: first)
        #expect(!browser.token.isEmpty && browser.cookie.hasPrefix(SessionTokens.cookieName + "="))
        // A forged form: right cookie (a browser sends it along), wrong token.
        let forged = try await browser.post(client, "/cases/\(first)/status", [("status", "referred"), ("who", "mallory"), ("expected", "new")], token: String(repeating: "0", count: 64))
        #expect(forged.status == .forbidden)
        // No cookie at all.
        let anonymous = try await client.execute(uri: "/cases/\(first)/status", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                 body: ByteBuffer(string: "csrf=\(browser.token)&status=referred&who=mallory"))
        #expect(anonymous.status == .forbidden)
        #expect(try CaseStore(path: fixture.storePath).detail(of: first).summary.status == .new)

        let referred = try await browser.post(client, "/cases/\(first)/status", [("status", "referred"), ("who", "J. Wang"), ("reference", "GZ-117"), ("note", "sent to Guangzhou AMR"), ("expected", "new")])
        #expect(referred.status == .found)
        #expect(referred.headers[.location]?.hasPrefix("/cases/\(first)?done=") == true)
        let note = try await browser.post(client, "/cases/\(first)/note", [("who", "J. Wang"), ("note", "called the platform")])
        #expect(note.status == .found)
        let outcome = try await browser.post(client, "/cases/\(first)/outcome", [("result", "confirmed"), ("date", "2026-04-10"), ("arrests", "3"), ("seized", "1,200,000"), ("currency", "CNY"), ("who", "GZ AMR"), ("reference", "GZ-117")])
        #expect(outcome.status == .found)
    }
    let detail = try CaseStore(path: fixture.storePath).detail(of: first)
    #expect(detail.summary.status == .raided)
    let sentences = detail.history.map(\.sentence)
    #expect(sentences.contains { $0.contains("new → referred by J. Wang (ref GZ-117): sent to Guangzhou AMR") })
    #expect(sentences.contains { $0.contains("note by J. Wang: called the platform") })
    #expect(detail.outcomes.first?.seizedValue == 1_200_000 && detail.outcomes.first?.arrests == 3)
}

@Test func twoBrowsersChangingOneCaseNeverLoseAChange() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let (first, _) = try caseIDs(fixture)
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        // Both opened the case while it was new.
        let alice = try await BrowserSession.open(client, case: first)
        let bob = try await BrowserSession.open(client, case: first)
        #expect(alice.cookie != bob.cookie)
        let aliceResponse = try await alice.post(client, "/cases/\(first)/status", [("status", "under_review"), ("who", "alice"), ("expected", "new")])
        #expect(aliceResponse.status == .found)
        let bobResponse = try await bob.post(client, "/cases/\(first)/status", [("status", "dismissed"), ("who", "bob"), ("expected", "new")])
        #expect(bobResponse.status == .badRequest)
        let page = String(buffer: bobResponse.body)
        #expect(page.contains("changed meanwhile: it is under_review now, not new"))
        #expect(page.contains("by alice"))
        // A token is bound to its session: Bob cannot use Alice's.
        let swapped = try await bob.post(client, "/cases/\(first)/note", [("who", "bob"), ("note", "x")], token: alice.token)
        #expect(swapped.status == .forbidden)
    }
    let detail = try CaseStore(path: fixture.storePath).detail(of: first)
    #expect(detail.summary.status == .underReview)
    #expect(detail.history.filter { $0.kind == "status" }.map(\.who) == ["alice"])
}

@Test func aReadOnlyWorkspaceShowsNoFormsAndRefusesChanges() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let (first, _) = try caseIDs(fixture)
    let app = Application(router: try fixture.workspace(readOnly: true).router())
    try await app.test(.router) { client in
        let browser = try await BrowserSession.open(client, case: first)
        #expect(browser.token.isEmpty)
        let response = try await browser.post(client, "/cases/\(first)/status", [("status", "referred"), ("who", "x")], token: "")
        #expect(response.status == .forbidden)
        #expect(String(buffer: response.body).contains("read-only"))
    }
    #expect(try CaseStore(path: fixture.storePath).detail(of: first).summary.status == .new)
}

@Test func fileRoutesServeOnlyTheRunsOwnFiles() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    // A symbolic link inside the ring folder that points out of the run.
    try FileManager.default.createSymbolicLink(atPath: fixture.runFolder + "/rings/R-aaaa1111/leak.svg", withDestinationPath: fixture.folder + "/outside.txt")
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        try await client.execute(uri: "/runs/1/rings/R-aaaa1111/diagram.svg", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/svg+xml")
        }
        try await client.execute(uri: "/runs/1/rings/R-aaaa1111/images/IM1.png", method: .get) { #expect($0.status == .ok) }
        for uri in ["/runs/1/rings/R-aaaa1111/leak.svg", "/runs/1/rings/..%2F..%2F..%2Foutside.txt/x.svg", "/runs/1/rings/R-aaaa1111/..%2F..%2F..%2Fcases.sqlite",
                    "/runs/1/rings/R-aaaa1111/images/..%2F..%2F..%2F..%2Foutside.txt", "/runs/1/..%2F..%2Foutside.txt", "/runs/1/../../outside.txt",
                    "/runs/1/cases.sqlite", "/runs/2/factories.csv", "/runs/x/factories.csv", "/runs/1/rings/R-aaaa1111/.hidden.svg"] {
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound, "\(uri) answered \(response.status)")
                #expect(!String(buffer: response.body).contains("secret"))
            }
        }
    }
}

@Test func errorsArePagesWithAMessageNeverAStackTrace() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        try await client.execute(uri: "/cases/C-2026-9999", method: .get) { response in
            #expect(response.status == .badRequest)
            let page = String(buffer: response.body)
            #expect(page.contains("no case C-2026-9999 in this store"))
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
        }
        try await client.execute(uri: "/cases/%3Cscript%3E", method: .get) { response in
            #expect(response.status == .badRequest)
            #expect(!String(buffer: response.body).contains("<script>"))
        }
        try await client.execute(uri: "/no/such/page", method: .get) { response in
            #expect(response.status == .notFound)
            #expect(String(buffer: response.body).contains("Back to the queue"))
        }
    }
}

@Test func aMissingRunFolderIsSaidOnTheCasePage() async throws {
    let fixture = try WorkspaceFixture(writeRunFolder: false)
    defer { fixture.remove() }
    try FileManager.default.removeItem(atPath: fixture.runFolder)
    let (first, _) = try caseIDs(fixture)
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        try await client.execute(uri: "/cases/\(first)", method: .get) { response in
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("is missing"))
        }
        try await client.execute(uri: "/cases/\(first)/referral.zip", method: .get) { #expect($0.status == .notFound) }
    }
}

@Test func runFoldersThatMovedAreFoundUnderRuns() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let moved = fixture.folder + "/elsewhere"
    try FileManager.default.createDirectory(atPath: moved, withIntermediateDirectories: true)
    try FileManager.default.moveItem(atPath: fixture.runFolder, toPath: moved + "/world")
    let app = Application(router: try fixture.workspace(runs: moved).router())
    try await app.test(.router) { client in
        try await client.execute(uri: "/runs/1/rings/R-aaaa1111/diagram.svg", method: .get) { #expect($0.status == .ok) }
    }
}

@Test func theReferralZipHoldsTheRingFolderAndTheHistory() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let (first, _) = try caseIDs(fixture)
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        try await client.execute(uri: "/cases/\(first)/referral.zip", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/zip")
            let bytes = [UInt8](buffer: response.body)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let names = String(decoding: bytes, as: UTF8.self)
            for name in ["\(first)-R-aaaa1111/diagram.svg", "\(first)-R-aaaa1111/images/IM1.png", "\(first)-R-aaaa1111/referral.md", "\(first)-R-aaaa1111/case-history.txt"] {
                #expect(names.contains(name), "the zip lacks \(name)")
            }
        }
    }
}

@Test func aStoreFromANewerRingScopeIsRefusedAtStart() throws {
    let fixture = try WorkspaceFixture(writeRunFolder: false)
    defer { fixture.remove() }
    let queue = try DatabaseQueue(path: fixture.storePath)
    try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: future'); PRAGMA user_version = 99;") }
    try queue.close()
    let error = #expect(throws: CaseStoreError.self) { try fixture.workspace() }
    #expect(error?.kind == .newerVersion)
}

@Test func photoBoxesAndImageSizesAreRead() {
    #expect(PhotoBox("4,5–24,15") == PhotoBox("4,5–24,15"))
    #expect(PhotoBox("4,5–24,15").map { [$0.x, $0.y, $0.width, $0.height] } == [4, 5, 20, 10])
    #expect(PhotoBox("24,15–4,5") == nil)
    #expect(PhotoBox("") == nil)
    #expect(PhotoBox("a,b–c,d") == nil)
}
