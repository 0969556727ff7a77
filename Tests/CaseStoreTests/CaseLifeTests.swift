import Foundation
import Testing
@testable import CaseStore

private func storeWithTwoCases() throws -> (CaseStore, String) {
    let (folder, path) = temporaryStorePath()
    let store = try CaseStore(path: path)
    try store.record(run([ring("R-a", rank: 1, sellers: sellers("A", 1...6), accounts: ["PA1"], workshops: ["FA1"], brands: ["Gucci", "Prada"], province: "Guangdong"),
                          ring("R-b", rank: 2, sellers: sellers("B", 1...4), accounts: ["PB1"], workshops: ["FB1"], brands: ["Nike"], province: "Fujian")]))
    return (store, folder)
}

@Test func statusesFollowTheCaseLifeAndEveryChangeIsInTheHistory() throws {
    let (store, folder) = try storeWithTwoCases()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let analyst = CaseStore.Actor(who: "J. Wang", day: "2026-03-02", reference: "GZ-117")
    try store.setStatus(of: "C-2026-0001", to: .underReview, by: analyst, note: "checking accounts")
    try store.setStatus(of: "c-2026-0001", to: .referred, by: analyst, note: "referred to Guangzhou AMR")
    let refused = #expect(throws: CaseStoreError.self) { try store.setStatus(of: "C-2026-0001", to: .new, by: analyst) }
    #expect(refused?.message == "C-2026-0001 is referred; it can move to under_review, raided, closed, dismissed, not to new")
    #expect((#expect(throws: CaseStoreError.self) { try store.setStatus(of: "C-2026-0099", to: .closed, by: analyst) })?.message
            == "no case C-2026-0099 in this store (see ringscope case list)")
    #expect((#expect(throws: CaseStoreError.self) { try store.setStatus(of: "R-a", to: .closed, by: analyst) })?.kind == .invalidRequest)
    #expect((#expect(throws: CaseStoreError.self) { try store.addNote(to: "C-2026-0001", "x", by: .init(who: " ")) })?.message
            == "say who made the change (--by NAME)")
    try store.addNote(to: "C-2026-0001", "seller A3 also sells on Temu", by: analyst)
    let history = try store.detail(of: "C-2026-0001").history.map(\.sentence)
    #expect(history.count == 4)
    #expect(history[1] == "2026-03-02 new → under_review by J. Wang (ref GZ-117): checking accounts")
    #expect(history[2] == "2026-03-02 under_review → referred by J. Wang (ref GZ-117): referred to Guangzhou AMR")
    #expect(history[3] == "2026-03-02 note by J. Wang (ref GZ-117): seller A3 also sells on Temu")
    #expect(history[0].hasSuffix("opened by ringscope analyze (ref run 1): ring R-a: opens a new case: no earlier case shares enough of its sellers or infrastructure"))
}

@Test func outcomesMoveTheStatusAndAddUpInTheStatistics() throws {
    let (store, folder) = try storeWithTwoCases()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let analyst = CaseStore.Actor(who: "J. Wang", day: "2026-02-20")
    try store.setStatus(of: "C-2026-0001", to: .referred, by: analyst)
    try store.setStatus(of: "C-2026-0002", to: .referred, by: CaseStore.Actor(who: "J. Wang", day: "2026-04-02"))
    try store.recordOutcome(CaseOutcome(caseID: "C-2026-0001", result: .confirmed, date: "2026-03-10", arrests: 3, seizedValue: 1_200_000, currency: "CNY",
                                        sitesShut: 1, reference: "GZ-117", who: "Guangzhou AMR"))
    try store.recordOutcome(CaseOutcome(caseID: "C-2026-0001", result: .confirmed, date: "2026-04-11", arrests: 1, seizedValue: 20_000, currency: "EUR",
                                        reference: "EU-9", who: "Europol"))
    try store.recordOutcome(CaseOutcome(caseID: "C-2026-0002", result: .unfounded, date: "2026-05-01", reference: "FJ-3", who: "Fujian AMR"))
    #expect(try store.detail(of: "C-2026-0001").summary.status == .raided)
    #expect(try store.detail(of: "C-2026-0002").summary.status == .dismissed)
    #expect((#expect(throws: CaseStoreError.self) {
        try store.recordOutcome(CaseOutcome(caseID: "C-2026-0001", result: .confirmed, date: "2026-13-01", reference: "x", who: "y"))
    })?.message == "\"2026-13-01\" is not a date; write YYYY-MM-DD, e.g. 2026-03-02")
    #expect((#expect(throws: CaseStoreError.self) {
        try store.recordOutcome(CaseOutcome(caseID: "C-2026-0001", result: .confirmed, date: "2026-03-01", seizedValue: 5, reference: "x", who: "y"))
    })?.message == "a seized value needs its currency (e.g. CNY, USD, EUR)")

    let statistics = try store.statistics(period: .quarter)
    #expect(statistics.overall.leadsReferred == 2)
    #expect(statistics.overall.confirmedReferrals == 1)
    #expect(statistics.overall.confirmedShare == 0.5)
    #expect(statistics.overall.awaiting == 0)
    #expect(statistics.overall.arrests == 4)
    #expect(statistics.overall.sitesShut == 1)
    #expect(statistics.overall.seizedText == "1,200,000 CNY + 20,000 EUR")
    #expect(statistics.overall.confirmedOutcomes == 2 && statistics.overall.unfoundedOutcomes == 1)
    #expect(statistics.perPeriod.map(\.key) == ["2026-Q1", "2026-Q2"])
    #expect(statistics.perPeriod[0].leadsReferred == 1 && statistics.perPeriod[0].arrests == 3)
    #expect(statistics.perPeriod[1].leadsReferred == 1 && statistics.perPeriod[1].arrests == 1 && statistics.perPeriod[1].confirmedReferrals == 0)
    #expect(statistics.perBrand.map(\.key) == ["Gucci", "Nike", "Prada"])
    #expect(statistics.perBrand[0].arrests == 4 && statistics.perBrand[2].arrests == 4 && statistics.perBrand[1].arrests == 0)
    #expect(statistics.perProvince.map(\.key) == ["Fujian", "Guangdong"])
    #expect(try store.statistics(period: .month).perPeriod.map(\.key) == ["2026-02", "2026-03", "2026-04", "2026-05"])
    // The labels learned scoring trains on.
    #expect(try store.outcomes().map { "\($0.caseID) \($0.result.rawValue)" } == ["C-2026-0001 confirmed", "C-2026-0001 confirmed", "C-2026-0002 unfounded"])
    #expect(try store.rings(of: "C-2026-0001").map(\.ringID) == ["R-a"])
}

@Test func provincesAreOneNameHoweverTheyAreWritten() {
    #expect(Province.canonical("广东") == "Guangdong")
    #expect(Province.canonical("广东省") == "Guangdong")
    #expect(Province.canonical("guangdong province") == "Guangdong")
    #expect(Province.canonical(" Guangdong ") == "Guangdong")
    #expect(Province.canonical("广西壮族自治区") == "Guangxi")
    #expect(Province.canonical("Île-de-France") == "Île-de-France")
    #expect(Province.mostCommon(["Fujian", "Guangdong", "Fujian"]) == "Fujian")
}

@Test func changesSinceAnOlderRunListMergesAndVanishedCases() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    try store.record(run([ring("R-a", rank: 1, sellers: sellers("A", 1...12), accounts: ["PA1"]),
                          ring("R-b", rank: 2, sellers: sellers("B", 1...6), accounts: ["PB1"]),
                          ring("R-c", rank: 3, sellers: sellers("C", 1...4), accounts: ["PC1"])]))
    try store.record(run([ring("R-ab", rank: 1, sellers: sellers("A", 1...12) + sellers("B", 1...6), accounts: ["PA1", "PB1"]),
                          ring("R-c", rank: 2, sellers: sellers("C", 1...4), accounts: ["PC1"])], day: 30))
    try store.record(run([ring("R-ab", rank: 1, sellers: sellers("A", 1...12) + sellers("B", 1...6), accounts: ["PA1", "PB1"])], day: 60))
    let latest = try store.changes()
    #expect(latest.since?.id == 2)
    #expect(latest.entries.map { "\($0.change.rawValue) \($0.caseID)" } == ["vanished C-2026-0003", "unchanged C-2026-0001"])
    let sinceFirst = try store.changes(since: 1)
    #expect(sinceFirst.entries.map { "\($0.change.rawValue) \($0.caseID)" } == ["grown C-2026-0001", "vanished C-2026-0003", "merged C-2026-0002"])
    #expect(sinceFirst.entries[2].explanation == "merged into C-2026-0001")
    #expect(sinceFirst.entries[0].added.filter { $0.kind == "seller" }.count == 6)
    #expect((#expect(throws: CaseStoreError.self) { try store.changes(since: 3) })?.kind == .invalidRequest)
    #expect((#expect(throws: CaseStoreError.self) { try store.changes(run: 9) })?.kind == .invalidRequest)
    let history = try store.detail(of: "C-2026-0002").history.map(\.text)
    #expect(history.last?.hasPrefix("merged into C-2026-0001 (ring R-ab)") == true)
}
