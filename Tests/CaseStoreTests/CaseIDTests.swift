import Testing
@testable import CaseStore

@Test func caseIDsPadToFourDigitsAndParseBack() {
    #expect(CaseID(year: 2026, number: 42).description == "C-2026-0042")
    #expect(CaseID(year: 2026, number: 12345).description == "C-2026-12345")
    #expect(CaseID("C-2026-0042") == CaseID(year: 2026, number: 42))
    #expect(CaseID("c-2026-0042") == CaseID(year: 2026, number: 42))
    #expect(CaseID("C-2026-10000") == CaseID(year: 2026, number: 10000))
}

@Test(arguments: ["", "C-2026-42", "C-26-0042", "C-2026-0000", "X-2026-0042", "C-2026-00a2", "C-2026-0042-1", "C-２０２６-0042", "C-2026--042"])
func malformedCaseIDsAreRejected(_ text: String) {
    #expect(CaseID(text) == nil)
}

@Test func caseIDsOrderByYearThenNumber() {
    #expect(CaseID("C-2026-9999")! < CaseID("C-2026-10000")!)
    #expect(CaseID("C-2025-9999")! < CaseID("C-2026-0001")!)
}
