import Foundation
import Synchronization
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

    /// Two `analyze --cases` processes on one store at the same time: SQLite's lock makes the
    /// second wait for the first's transaction, both succeed, and the store holds runs 1 and 2,
    /// the later one matched to the earlier one's cases.
    @Test func twoAnalyzeProcessesOnOneStoreAtOnce() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let store = scratch.path + "/cases.sqlite"
        let folder = scratch.path
        let outcomes = concurrentOutcomes(2) { index in
            CommandRunner.run(["analyze", dataset, "--out", folder + "/run\(index)", "--cases", store, "--quiet"], timeLimit: 300)
        }
        for outcome in outcomes { #expect(outcome.status == 0, "\(outcome.description)") }
        let recorded = outcomes.map { $0.stdout.contains("cases: run 1 ") ? 1 : $0.stdout.contains("cases: run 2 ") ? 2 : 0 }.sorted()
        #expect(recorded == [1, 2], "\(outcomes.map(\.stdout))")
        let runs = CommandRunner.run(["changes", "--list", "--cases", store])
        #expect(runs.status == 0 && runs.stdout.contains("run0") && runs.stdout.contains("run1"), "\(runs.description)")
    }

    /// Runs `body(0)` and `body(1)` … on threads of their own at the same moment.
    private func concurrentOutcomes(_ count: Int, _ body: @escaping @Sendable (Int) -> CommandRunner.Outcome) -> [CommandRunner.Outcome] {
        let results = Mutex<[Int: CommandRunner.Outcome]>([:])
        let threads = (0 ..< count).map { index in
            Thread { let outcome = body(index); results.withLock { $0[index] = outcome } }
        }
        threads.forEach { $0.start() }
        while results.withLock({ $0.count }) < count { usleep(10_000) }
        return results.withLock { dictionary in (0 ..< count).map { dictionary[$0]! } }
    }
}
