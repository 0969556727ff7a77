@testable import CaseStore
import Dispatch
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Server

@Test func aChangeToTheStoreShowsInTheNextCasePage() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let app = Application(router: try fixture.workspace().router())
    let first = try CaseStore(path: fixture.storePath).cases().first { $0.lastRing == "R-aaaa1111" }!.id
    try await app.test(.router) { client in
        for _ in 0 ..< 2 {  // the second answer comes from the case page cache
            try await client.execute(uri: "/cases/\(first)", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("id=\"case-status\">new<"))
                #expect(page.contains("name=\"expected\" value=\"new\""))
            }
        }
        // Another process (ringscope case status, then case note) changes the case.
        let other = try CaseStore(path: fixture.storePath)
        try other.setStatus(of: first, to: .underReview, by: CaseStore.Actor(who: "carol"))
        try other.addNote(to: first, "seen by carol", by: CaseStore.Actor(who: "carol"))
        try await client.execute(uri: "/cases/\(first)", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(page.contains("id=\"case-status\">under_review<"))
            #expect(page.contains("name=\"expected\" value=\"under_review\""), "the form must expect the status the page shows")
            #expect(page.contains("seen by carol"))
        }
    }
}

@Test func eachBrowserGetsItsOwnTokenFromACachedCasePage() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let app = Application(router: try fixture.workspace().router())
    let first = try CaseStore(path: fixture.storePath).cases().first { $0.lastRing == "R-aaaa1111" }!.id
    try await app.test(.router) { client in
        let alice = try await BrowserSession.open(client, case: first)
        let bob = try await BrowserSession.open(client, case: first)  // from the cache
        #expect(!alice.token.isEmpty && !bob.token.isEmpty && alice.token != bob.token)
        let response = try await bob.post(client, "/cases/\(first)/note", [("who", "bob"), ("note", "from a cached page")])
        #expect(response.status == .found)
        try await client.execute(uri: "/cases/\(first)?done=note%20recorded", method: .get, headers: [.cookie: bob.cookie]) { response in
            let page = String(buffer: response.body)
            #expect(page.contains("<p class=\"flash\">note recorded</p>") && page.contains("from a cached page"))
        }
        try await client.execute(uri: "/cases/\(first)", method: .get) { response in
            #expect(!String(buffer: response.body).contains("class=\"flash\""), "a flash message is not kept in the cache")
        }
    }
}

@Test func casePagesServedWhileChangesAreWrittenLoseNoChange() async throws {
    let fixture = try WorkspaceFixture(extraRings: 10)
    defer { fixture.remove() }
    let app = Application(router: try fixture.workspace().router())
    let ids = try CaseStore(path: fixture.storePath).cases().map(\.id)
    let first = ids[0]
    try await app.test(.router) { client in
        let browser = try await BrowserSession.open(client, case: first)
        try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for request in 0 ..< 24 {
                group.addTask {
                    try await client.execute(uri: "/cases/\(ids[request % ids.count])", method: .get) { $0.status }
                }
            }
            for note in 0 ..< 6 {
                group.addTask {
                    try await browser.post(client, "/cases/\(first)/note", [("who", "dana"), ("note", "note \(note) while pages are read")]).status
                }
            }
            var statuses: [HTTPResponse.Status] = []
            for try await status in group { statuses.append(status) }
            #expect(statuses.filter { $0 == .ok }.count == 24)
            #expect(statuses.filter { $0 == .found }.count == 6)
        }
        try await client.execute(uri: "/cases/\(first)", method: .get) { response in
            let page = String(buffer: response.body)
            for note in 0 ..< 6 { #expect(page.contains("note \(note) while pages are read"), "note \(note) is not on the page") }
        }
    }
    let notes = try CaseStore(path: fixture.storePath).detail(of: first).history.filter { $0.kind == "note" }
    #expect(notes.count == 6)
}

@Test func aValueIsBuiltOnceForConcurrentAskers() {
    let cache = OnceCache<String>()
    let builds = NSLock(), results = NSLock()
    nonisolated(unsafe) var built = 0
    nonisolated(unsafe) var answers: [String?] = []
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
        let value = cache.value(for: "run 1") {
            builds.withLock { built += 1 }
            Thread.sleep(forTimeInterval: 0.2)  // long enough for the other askers to arrive meanwhile
            return "verified"
        }
        results.withLock { answers.append(value) }
    }
    #expect(built == 1)
    #expect(answers == Array(repeating: "verified", count: 8))
    // A nil is not kept: the next asker builds again.
    #expect(cache.value(for: "run 2") { nil } == nil)
    #expect(cache.value(for: "run 2") { "now there" } == "now there")
}

@Test func theCasePageCacheKeepsOneRevisionWithinItsBudget() throws {
    let cache = CasePageCache()
    let detail = CaseDetail(summary: CaseSummary(id: "C-2026-0001", status: .new, lastRun: 1, lastRing: "R-a", rank: 1, score: 90, assessment: "",
                                                 summary: "", brands: [], province: "", openedRun: 1, change: "new", sellers: 2),
                            sightings: [], history: [], outcomes: [], members: [], relations: [])
    let page = RenderedCase(detail: detail, heading: "<h1>", summary: "", sections: String(repeating: "x", count: CasePageCache.byteLimit / 4))
    cache.keep(page, id: "a", revision: "1.10")
    #expect(cache.page("a", revision: "1.10") != nil)
    #expect(cache.page("a", revision: "1.11") == nil, "a page of another revision is never answered")
    for id in ["b", "c", "d", "e"] { cache.keep(page, id: id, revision: "1.10") }
    let kept = ["a", "b", "c", "d", "e"].filter { cache.page($0, revision: "1.10") != nil }
    #expect(kept.count < 5 && kept.contains("e"), "over the budget the oldest pages go: \(kept)")
    cache.keep(page, id: "f", revision: "1.11")
    #expect(cache.page("e", revision: "1.10") == nil && cache.page("f", revision: "1.11") != nil)
}
