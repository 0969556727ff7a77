import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `analyze --cases` killed (SIGKILL, no chance to clean up) while its run is being recorded:
/// the store must open afterwards with its earlier runs only, and the next run must record.
@Suite(.serialized) struct CaseStoreKillTests {
    @Test func aRunKilledWhileRecordingLeavesTheStoreAsItWas() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let store = scratch.path + "/cases.sqlite"
        let first = CommandRunner.run(["analyze", dataset, "--out", scratch.path + "/run1", "--cases", store, "--quiet"])
        #expect(first.status == 0, "\(first.description)")

        // The run folder is written inside the store's transaction, rings.csv first: once it is
        // in the staging folder, the transaction is open and holds the run's rows.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
        process.arguments = ["analyze", dataset, "--out", scratch.path + "/run2", "--cases", store, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let staged = scratch.path + "/.run2.ringscope-staging-\(process.processIdentifier)/rings.csv"
        let started = Date()
        while process.isRunning && !FileManager.default.fileExists(atPath: staged) && Date().timeIntervalSince(started) < 120 {
            usleep(500)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run ended before it could be killed while recording")

        // The store opens, knows run 1 only, and the next run records as run 2.
        let runs = CommandRunner.run(["changes", "--list", "--cases", store])
        #expect(runs.status == 0, "\(runs.description)")
        #expect(runs.stdout.contains("run1") && !runs.stdout.contains("run2"), "\(runs.stdout)")
        let again = CommandRunner.run(["analyze", dataset, "--out", scratch.path + "/run3", "--cases", store, "--quiet"])
        #expect(again.status == 0, "\(again.description)")
        #expect(again.stdout.contains("cases: run 2 "), "\(again.stdout)")
    }
}
