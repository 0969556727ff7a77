import Testing
@testable import CaseStore

private func candidate(_ id: String, _ ring: RingSnapshot) -> Lineage.Candidate {
    Lineage.Candidate(caseID: CaseID(id)!, status: .new, members: ring.members)
}

private func candidate(_ id: String, _ status: CaseStatus, _ ring: RingSnapshot) -> Lineage.Candidate {
    Lineage.Candidate(caseID: CaseID(id)!, status: status, members: ring.members)
}

@Test func aGrownRingContinuesItsCaseWithAnExplanation() {
    let before = ring("R1", sellers: sellers("A", 1...10), accounts: ["PA1", "PA2", "PA3"], workshops: ["FA1"])
    let after = ring("R9", sellers: sellers("A", 1...8) + sellers("N", 1...4), accounts: ["PA1", "PA2", "PA3"], workshops: ["FA1"])
    let lineage = Lineage(rings: [after], candidates: [candidate("C-2026-0042", before)])
    let match = lineage.matches[0]
    #expect(match.caseID == CaseID("C-2026-0042"))
    #expect(match.relation == .continues)
    #expect(match.explanation == "continues C-2026-0042: 8 of 10 sellers, 8 of 10 storefronts, 3 of 3 payout accounts, the same workshop; 4 new sellers, 2 sellers gone")
    // Weighted Jaccard: shared 8 + 8 + 3·3 + 3·1 = 28; union 14 + 14 + 9 + 3 = 40.
    #expect(abs(match.overlap!.similarity - 28.0 / 40.0) < 1e-12)
}

@Test func aRingSharingOnlyAWorkshopWithALiveCaseOpensANewCase() {
    let live = ring("R1", sellers: sellers("A", 1...10), accounts: ["PA1"], workshops: ["FA1"])
    let other = ring("R2", sellers: sellers("B", 1...10), accounts: ["PB1"], workshops: ["FA1"])
    let lineage = Lineage(rings: [other], candidates: [candidate("C-2026-0001", live)])
    #expect(lineage.matches[0].relation == .opens)
    #expect(lineage.matches[0].caseID == nil)
    #expect(lineage.links.map(\.relation) == [.related])
}

@Test func aRaidedCaseWhoseWorkshopAndAccountComeBackBehindNewSellersReEmerges() {
    let raided = ring("R1", sellers: sellers("A", 1...10), accounts: ["PA1", "PA2"], returns: ["AD1"], workshops: ["FA1"])
    let back = ring("R5", sellers: sellers("N", 1...6), accounts: ["PA2", "PX"], workshops: ["FA1"], assessment: "legitimate_cluster")
    let lineage = Lineage(rings: [back], candidates: [candidate("C-2026-0007", .raided, raided)])
    let match = lineage.matches[0]
    #expect(match.relation == .reEmerges)
    #expect(match.caseID == CaseID("C-2026-0007"))
    #expect(match.explanation == "re-emerges C-2026-0007 (raided): payout account PA2, the workshop FA1 came back behind 6 sellers, all new")
}

@Test func oneReturnAddressAloneDoesNotReEmergeACase() {
    let raided = ring("R1", sellers: sellers("A", 1...10), accounts: ["PA1"], returns: ["AD1"], workshops: ["FA1"])
    let later = ring("R5", sellers: sellers("N", 1...6), returns: ["AD1"])
    let lineage = Lineage(rings: [later], candidates: [candidate("C-2026-0007", .closed, raided)])
    #expect(lineage.matches[0].relation == .opens)
}

@Test func identifiersJoinTheMatchingAsAnyOtherKind() {
    // A phone (kind "identifier", not known to the weights table) is worth 2 points: with a
    // return address (2) it re-emerges a closed case.
    let closed = ring("R1", sellers: sellers("A", 1...5), returns: ["AD1"], identifiers: ["PH1"])
    let later = ring("R5", sellers: sellers("N", 1...5), returns: ["AD1"], identifiers: ["PH1"])
    let lineage = Lineage(rings: [later], candidates: [candidate("C-2026-0003", .closed, closed)])
    #expect(lineage.matches[0].relation == .reEmerges)
    #expect(lineage.matches[0].explanation.contains("identifier PH1"))
}

@Test func aSplitKeepsTheCaseForTheLargerPartAndRecordsTheOther() {
    let whole = ring("R1", sellers: sellers("A", 1...20), accounts: ["PA1", "PA2"])
    let larger = ring("R2", rank: 1, sellers: sellers("A", 1...13), accounts: ["PA1"])
    let smaller = ring("R3", rank: 2, sellers: sellers("A", 14...20), accounts: ["PA2"])
    let lineage = Lineage(rings: [larger, smaller], candidates: [candidate("C-2026-0001", whole)])
    #expect(lineage.matches[0].caseID == CaseID("C-2026-0001"))
    #expect(lineage.matches[1].relation == .opens)
    #expect(lineage.matches[1].explanation.hasPrefix("opens a new case, split from C-2026-0001"))
    #expect(lineage.links.map(\.relation) == [.splitFrom])
}

@Test func aMergeKeepsTheStrongerCaseAndRecordsTheOtherAsMergedIn() {
    let first = ring("R1", sellers: sellers("A", 1...12), accounts: ["PA1"])
    let second = ring("R2", sellers: sellers("B", 1...6), accounts: ["PB1"])
    let merged = ring("R3", sellers: sellers("A", 1...12) + sellers("B", 1...6), accounts: ["PA1", "PB1"])
    let lineage = Lineage(rings: [merged], candidates: [candidate("C-2026-0001", first), candidate("C-2026-0002", second)])
    #expect(lineage.matches[0].caseID == CaseID("C-2026-0001"))
    #expect(lineage.links.count == 1)
    #expect(lineage.links[0].relation == .mergedInto)
    #expect(lineage.links[0].caseID == CaseID("C-2026-0002"))
}

@Test func theAssignmentIsOneToOneAndDoesNotDependOnTheOrderOfCandidates() {
    // Two rings that both resemble both cases: each case is given once, best pair first.
    let caseA = ring("RA", sellers: sellers("A", 1...10))
    let caseB = ring("RB", sellers: sellers("A", 6...15))
    let ring1 = ring("R1", rank: 1, sellers: sellers("A", 1...9))
    let ring2 = ring("R2", rank: 2, sellers: sellers("A", 5...15))
    let forward = Lineage(rings: [ring1, ring2], candidates: [candidate("C-2026-0001", caseA), candidate("C-2026-0002", caseB)])
    let backward = Lineage(rings: [ring1, ring2], candidates: [candidate("C-2026-0002", caseB), candidate("C-2026-0001", caseA)])
    #expect(forward.matches.map(\.caseID) == [CaseID("C-2026-0001"), CaseID("C-2026-0002")])
    #expect(backward.matches.map(\.caseID) == forward.matches.map(\.caseID))
    #expect(backward.matches.map(\.explanation) == forward.matches.map(\.explanation))
}

@Test func aClusterWithoutEvidenceOpensNoCaseButMayContinueOne() {
    let known = ring("R1", sellers: sellers("F", 1...4), accounts: ["PF"])
    let family = ring("R2", sellers: sellers("F", 1...4), accounts: ["PF"], assessment: "legitimate_cluster")
    let stranger = ring("R3", rank: 2, sellers: sellers("G", 1...4), accounts: ["PG"], assessment: "legitimate_cluster")
    let lineage = Lineage(rings: [family, stranger], candidates: [candidate("C-2026-0001", known)])
    #expect(lineage.matches[0].relation == .continues)
    #expect(lineage.matches[1].relation == nil)
}
