import ArgumentParser
import Foundation
import Testing
@testable import ringscope

@Suite struct CaseCommandTests {
    @Test func aCaseStoreInsideTheRunFolderIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("case-command-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Each run replaces its folder whole: a store inside it would be lost with the previous run.
        let inside = try Analyze.parse(["datasets/demo", "--out", folder + "/run", "--cases", folder + "/run/cases.sqlite"])
        #expect(throws: ExitCode.self) { _ = try inside.openCaseStore() }
        let byDefault = try Analyze.parse(["datasets/demo", "--cases", "output/demo/cases.sqlite"])
        #expect(throws: ExitCode.self) { _ = try byDefault.openCaseStore() }
        #expect(!FileManager.default.fileExists(atPath: folder + "/run/cases.sqlite"))
        let beside = try Analyze.parse(["datasets/demo", "--out", folder + "/run", "--cases", folder + "/cases.sqlite"])
        #expect(try beside.openCaseStore() != nil)
        #expect(try Analyze.parse(["datasets/demo"]).openCaseStore() == nil)
    }

    @Test func storeTextCannotDriveTheTerminal() {
        #expect(terminalSafe("note \u{1B}[2Jcleared\u{7}") == "note \\u{1b}[2Jcleared\\u{7}")
        #expect(terminalSafe("广州 C-2026-0001") == "广州 C-2026-0001")
    }

    @Test func anOutcomeIsConfirmedOrUnfounded() {
        #expect(throws: (any Error).self) { _ = try CaseCommand.Outcome.parse(["C-2026-0001"]) }
        #expect(throws: (any Error).self) { _ = try CaseCommand.Outcome.parse(["C-2026-0001", "--confirmed", "--unfounded"]) }
        #expect(throws: Never.self) { _ = try CaseCommand.Outcome.parse(["C-2026-0001", "--confirmed", "--arrests", "2"]) }
    }
}
