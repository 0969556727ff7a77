import CaseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Server

@Test func theQueueIsPagedAHundredCasesAPage() async throws {
    let fixture = try WorkspaceFixture(extraRings: 148)  // 150 cases: two pages
    defer { fixture.remove() }
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        try await client.execute(uri: "/", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(response.status == .ok)
            #expect(page.components(separatedBy: "class=\"case-link\"").count - 1 == 100)
            #expect(page.contains("page 1 of 2") && page.contains("id=\"next-page\"") && !page.contains("id=\"prev-page\""))
            #expect(page.contains("150 cases in") && page.contains("Nike <span class=\"count\">148</span>"))
        }
        try await client.execute(uri: "/?page=2", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(response.status == .ok)
            #expect(page.components(separatedBy: "class=\"case-link\"").count - 1 == 50)
            #expect(page.contains("page 2 of 2") && page.contains("id=\"prev-page\"") && !page.contains("id=\"next-page\""))
            #expect(page.contains(">ring 101<") && page.contains(">ring 150<") && !page.contains(">ring 100<"))
        }
        // Filters reset the page and keep their own page count.
        try await client.execute(uri: "/?brand=Gucci&page=1", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(page.components(separatedBy: "class=\"case-link\"").count - 1 == 1 && !page.contains("page 1 of"))
        }
    }
}

@Test func hostilePageAndScoreParametersAreAClearBadRequest() async throws {
    let fixture = try WorkspaceFixture(extraRings: 148)
    defer { fixture.remove() }
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        let hostile = ["page=3", "page=0", "page=-1", "page=%2B2", "page=abc", "page=1e3", "page=2.5", "page=%202", "page=99999999999999999999999",
                       "page=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "brand=Gucci&page=2", "score=abc", "score=nan", "score=inf", "score=1e999"]
        for query in hostile {
            try await client.execute(uri: "/?" + query, method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .badRequest, "?\(query) answered \(response.status)")
                #expect(page.contains("<p class=\"error\">"), "?\(query) has no message")
                #expect(!page.contains("<script>alert"), "?\(query) echoes markup")
                #expect(response.headers[HTML.policyField] != nil)
            }
        }
        try await client.execute(uri: "/?page=3", method: .get) { response in
            #expect(String(buffer: response.body).contains("there is no page 3: this queue has 2 pages (150 cases, 100 a page)"))
        }
    }
}

@Test func aChangeToTheStoreShowsInTheNextQueuePage() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let app = Application(router: try fixture.workspace().router())
    let first = try CaseStore(path: fixture.storePath).cases().first { $0.lastRing == "R-aaaa1111" }!.id
    try await app.test(.router) { client in
        for _ in 0 ..< 2 {  // the second answer comes from the page cache
            try await client.execute(uri: "/?status=new", method: .get) { response in
                #expect(String(buffer: response.body).contains("new <span class=\"count\">2</span>"))
            }
        }
        // Another process (ringscope case status) changes a case: the revision moves on.
        try CaseStore(path: fixture.storePath).setStatus(of: first, to: .underReview, by: CaseStore.Actor(who: "carol"))
        try await client.execute(uri: "/?status=new", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(page.contains("new <span class=\"count\">1</span>") && page.contains("under_review <span class=\"count\">1</span>"))
            #expect(!page.contains(">\(first)</a>"))
        }
    }
}

@Test func aCasePageMapsItsOwnPlaces() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let store = try CaseStore(path: fixture.storePath)
    let cases = try store.cases()
    let first = cases.first { $0.lastRing == "R-aaaa1111" }!.id, second = cases.first { $0.lastRing == "R-bbbb2222" }!.id
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        try await client.execute(uri: "/cases/\(first)", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(page.contains("<img src=\"/cases/\(first)/map.svg\""))
            #expect(page.contains("1 of 1 places drawn"))
            #expect(page.contains(">FA-R-aaaa1111<") && !page.contains("AD-elsewhere"), "the places table shows the ring's places only")
        }
        try await client.execute(uri: "/cases/\(first)/map.svg", method: .get) { response in
            let svg = String(buffer: response.body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/svg+xml")
            #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.contains("Yuxiang Factory"))
            #expect(!svg.contains("<script"))
        }
        // The second ring has no place in places.csv: the page says why there is no map.
        try await client.execute(uri: "/cases/\(second)", method: .get) { response in
            let page = String(buffer: response.body)
            #expect(page.contains("No map of this case: None of this ring&#39;s members is in the run&#39;s places.csv"))
            #expect(!page.contains("/map.svg\""))
        }
        try await client.execute(uri: "/cases/\(second)/map.svg", method: .get) { response in
            #expect(response.status == .notFound)
        }
    }
}

@Test func aCaseWithoutCoordinatesOrPlacesSaysWhyThereIsNoMap() async throws {
    let fixture = try WorkspaceFixture()
    defer { fixture.remove() }
    let first = try CaseStore(path: fixture.storePath).cases().first { $0.lastRing == "R-aaaa1111" }!.id
    // The factory's coordinates blank, as an export writes them when geocoding failed.
    try "entity_type,entity_id,lat,lon,standing,province_code,province,city_code,city,country,km_outside_outline,text_city,text_province,warning\nfactory,FA-R-aaaa1111,,,no coordinates,,,,,,,Putian,Fujian,\n"
        .write(toFile: fixture.runFolder + "/places.csv", atomically: true, encoding: .utf8)
    let app = Application(router: try fixture.workspace().router())
    try await app.test(.router) { client in
        try await client.execute(uri: "/cases/\(first)", method: .get) { response in
            #expect(String(buffer: response.body).contains("No map of this case: none of its 1 places has coordinates."))
        }
        try await client.execute(uri: "/cases/\(first)/map.svg", method: .get) { response in
            #expect(response.status == .notFound)
        }
    }
    try FileManager.default.removeItem(atPath: fixture.runFolder + "/places.csv")
    let app2 = Application(router: try fixture.workspace().router())
    try await app2.test(.router) { client in
        try await client.execute(uri: "/cases/\(first)", method: .get) { response in
            #expect(String(buffer: response.body).contains("The run folder has no places.csv"))
        }
    }
}
