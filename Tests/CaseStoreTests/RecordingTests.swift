import Foundation
import GRDB
import Testing
@testable import CaseStore

private struct Interrupted: Error {}

@Test func casesKeepTheirIdsAcrossRunsAndNewRingsOpenNewOnes() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    let first = try store.record(run([ring("R-a", rank: 1, sellers: sellers("A", 1...10), accounts: ["PA1"], workshops: ["FA1"]),
                                      ring("R-b", rank: 2, sellers: sellers("B", 1...5), accounts: ["PB1"])]))
    #expect(first.rings["R-a"]?.caseID == "C-2026-0001")
    #expect(first.rings["R-b"]?.caseID == "C-2026-0002")
    #expect(first.rings["R-a"]?.change == "new")
    #expect(first.changes.since == nil)

    let second = try store.record(run([ring("R-c", rank: 1, sellers: sellers("C", 1...4), accounts: ["PC1"]),
                                       ring("R-a2", rank: 2, sellers: sellers("A", 1...12), accounts: ["PA1"], workshops: ["FA1"])], day: 90))
    #expect(second.rings["R-a2"]?.caseID == "C-2026-0001")
    #expect(second.rings["R-a2"]?.change == "grown")
    #expect(second.rings["R-a2"]?.explanation == "continues C-2026-0001: 10 of 10 sellers, 10 of 10 storefronts, 1 of 1 payout account, the same workshop; 2 new sellers")
    #expect(second.rings["R-c"]?.caseID == "C-2026-0003")
    #expect(second.changes.tally == "1 new, 1 grown, 1 vanished")
    let grown = second.changes.entries.first { $0.change == .grown }!
    #expect(grown.added == [EntityRef(kind: "seller", id: "A11"), EntityRef(kind: "seller", id: "A12"),
                            EntityRef(kind: "storefront", id: "SF-A11"), EntityRef(kind: "storefront", id: "SF-A12")])
    let vanished = second.changes.entries.first { $0.change == .vanished }!
    #expect(vanished.caseID == "C-2026-0002" && vanished.previousRingID == "R-b" && vanished.sellersBefore == 5)
    #expect(try store.runs().map(\.id) == [1, 2])
}

@Test func anInterruptedRunLeavesTheStoreAsItWas() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    try store.record(run([ring("R-a", sellers: sellers("A", 1...5), accounts: ["PA1"])]))
    #expect(throws: Interrupted.self) {
        try store.record(run([ring("R-x", sellers: sellers("X", 1...5), accounts: ["PX"])], day: 30)) { _ in throw Interrupted() }
    }
    #expect(try store.runs().map(\.id) == [1])
    #expect(try store.cases().map(\.id) == ["C-2026-0001"])
    // The next run numbers on as if the interrupted one never happened.
    let next = try store.record(run([ring("R-x", sellers: sellers("X", 1...5), accounts: ["PX"])], day: 30))
    #expect(next.run.id == 2)
    #expect(next.rings["R-x"]?.caseID == "C-2026-0002")
}

@Test func theRunFolderSeesTheCasesAndItsFactsAreRecorded() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    var seen: [String: String] = [:]
    try store.record(run([ring("R-a", sellers: sellers("A", 1...3), accounts: ["PA1"])])) { cases in
        seen = cases.rings.mapValues(\.caseID)
        return RunFolderFacts(inputs: [.init(path: "sellers.csv", bytes: 10, sha256: String(repeating: "a", count: 64))],
                              parameters: ["resolution": "0.02"], arguments: ["analyze", "x"], runHash: "abc")
    }
    #expect(seen == ["R-a": "C-2026-0001"])
    let queue = try DatabaseQueue(path: path)
    let row = try queue.read { try Row.fetchOne($0, sql: "SELECT parameters, run_hash, (SELECT sha256 FROM run_inputs) AS hash FROM runs") }!
    #expect(row["parameters"] as String == #"{"resolution":"0.02"}"#)
    #expect(row["run_hash"] as String == "abc")
    #expect(row["hash"] as String == String(repeating: "a", count: 64))
}

@Test func aRaidedCaseReEmergesWhenItsWorkshopAndAccountsComeBackAndIsListedFirst() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    try store.record(run([ring("R-a", rank: 1, sellers: sellers("A", 1...8), accounts: ["PA1", "PA2"], workshops: ["FA1"]),
                          ring("R-b", rank: 2, sellers: sellers("B", 1...5), accounts: ["PB1"])]))
    try store.recordOutcome(CaseOutcome(caseID: "C-2026-0001", result: .confirmed, date: "2026-04-01", arrests: 3, seizedValue: 1_200_000,
                                        currency: "cny", sitesShut: 1, reference: "GZ-117", who: "Guangzhou AMR"))
    #expect(try store.detail(of: "C-2026-0001").summary.status == .raided)
    let later = try store.record(run([ring("R-b", rank: 1, sellers: sellers("B", 1...5), accounts: ["PB1"]),
                                      ring("R-n", rank: 2, sellers: sellers("N", 1...6), accounts: ["PA2"], workshops: ["FA1"],
                                           assessment: "legitimate_cluster")], day: 90))
    let back = later.rings["R-n"]!
    #expect(back.caseID == "C-2026-0001")
    #expect(back.change == "re_emerged")
    #expect(back.status == .reEmerged)
    #expect(back.explanation == "re-emerges C-2026-0001 (raided): payout account PA2, the workshop FA1 came back behind 6 sellers, all new")
    #expect(back.outcomes.map(\.sentence) == ["confirmed 2026-04-01: 3 arrests, 1,200,000 CNY seized, 1 site shut (ref GZ-117)"])
    #expect(later.changes.entries.first?.change == .reEmerged)
    #expect(try store.cases().first?.id == "C-2026-0001")
    #expect(later.rings["R-b"]?.change == "unchanged")
}

@Test func storedTextIsNeverSQL() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    let hostile = "x'); DROP TABLE cases; --"
    try store.record(run([ring(hostile, sellers: [hostile, "B\"2"], accounts: ["PA1"])]))
    try store.addNote(to: "C-2026-0001", hostile, by: .init(who: hostile, reference: hostile))
    let detail = try store.detail(of: "C-2026-0001")
    #expect(detail.summary.lastRing == hostile)
    #expect(detail.members.contains { $0.entity.id == hostile })
    #expect(detail.history.last?.text == hostile && detail.history.last?.who == hostile)
}
