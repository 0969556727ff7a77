import Foundation
import SellerGraph
import Testing
@testable import CaseStore

private func write(_ text: String, in folder: String) -> String {
    let path = folder + "/outcomes.csv"
    try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

@Test func aBadOutcomesFileIsRefusedWholeWithFileLineColumnErrors() throws {
    let (folder, _) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = write("""
        entity_type,entity_id,outcome,date,arrests,seized_value,currency,sites_shut,reference
        factory,FA1,confirmed,2026-04-10,,1200000,CNY,1,GZ-117
        workshop,FA2,confirmed,2026-04-10,,,,,GZ-117
        seller,A1,found,2026-04-31,two,12e3,CNY,-1,GZ-117
        seller,,confirmed,2026-04-10,,500,,,

        """, in: folder)
    let errors = #expect(throws: DatasetErrors.self) { try OutcomeFile(path: path) }
    #expect(errors?.errors.map(\.description) == [
        "outcomes.csv:3:1: error: unknown entity_type \"workshop\"; expected one of seller, storefront, payment_account, address, identifier, factory",
        "outcomes.csv:4:3: error: unknown outcome \"found\"; expected confirmed or unfounded",
        "outcomes.csv:4:4: error: \"2026-04-31\" is not a date; write YYYY-MM-DD",
        "outcomes.csv:4:5: error: arrests \"two\" is not a whole number of 0 or more",
        "outcomes.csv:4:8: error: sites_shut \"-1\" is not a whole number of 0 or more",
        "outcomes.csv:4:6: error: seized_value \"12e3\" is not an amount of 0 or more (digits and a decimal point)",
        "outcomes.csv:5:2: error: entity_id is empty; name the entity the action found",
        "outcomes.csv:5:9: error: reference is empty; rows of one action share its reference",
        "outcomes.csv:5:7: error: seized_value 500 has no currency; write an ISO code such as CNY, USD, EUR",
    ])
    let missing = #expect(throws: DatasetErrors.self) { try OutcomeFile(path: write("entity_type,entity_id,date\nseller,A1,2026-01-01\n", in: folder)) }
    #expect(missing?.description == "outcomes.csv:1: error: missing columns outcome, reference; the header must name entity_type, entity_id, outcome, date, reference (and may name arrests, seized_value, currency, sites_shut)")
}

@Test func importedRowsGoToTheCaseHoldingTheirEntitiesOnceEach() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    // FS is a workshop both rings buy from: the raid's other rows name ring A's sellers.
    try store.record(run([ring("R-a", rank: 1, sellers: sellers("A", 1...6), accounts: ["PA1"], workshops: ["FS"]),
                          ring("R-b", rank: 2, sellers: sellers("B", 1...4), accounts: ["PB1"], workshops: ["FS"])]))
    let file = write("""
        entity_type,entity_id,outcome,date,arrests,seized_value,currency,sites_shut,reference
        factory,FS,confirmed,2026-04-10,,"1,200,000",cny,1,GZ-117
        seller,A1,confirmed,2026-04-12,2,,,,GZ-117
        seller,A2,confirmed,2026-04-12,1,,,,GZ-117
        payment_account,PB1,unfounded,2026-05-01,,,,,FJ-3
        seller,Z9,confirmed,2026-04-12,1,,,,GZ-117

        """, in: folder)
    let report = try store.importOutcomes(try OutcomeFile(path: file), by: "Guangzhou AMR")
    #expect(report.outcomes.map(\.sentence) == ["confirmed 2026-04-10: 3 arrests, 1,200,000 CNY seized, 1 site shut (ref GZ-117)",
                                                "unfounded 2026-05-01 (ref FJ-3)"])
    #expect(report.outcomes.map(\.caseID) == ["C-2026-0001", "C-2026-0002"])
    #expect(report.outcomes[0].source == "outcomes.csv:2,3,4")
    #expect(report.unattributed.map(\.description) == ["outcomes.csv:6:2: warning: seller Z9 is in no case of this store; row not imported (record a run whose rings hold it first)"])
    #expect(try store.detail(of: "C-2026-0001").summary.status == .raided)
    #expect(try store.detail(of: "C-2026-0002").summary.status == .dismissed)
    // The same file again: nothing new.
    let again = try store.importOutcomes(try OutcomeFile(path: file), by: "Guangzhou AMR")
    #expect(again.outcomes.isEmpty && again.duplicateRows == 4)
    #expect(again.summary == "0 rows → 0 outcomes; 4 rows already imported, skipped; 1 row name no entity of any case")
}
