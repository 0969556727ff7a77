import ArgumentParser
import CaseFiles
import CaseStore
import Foundation
import Investigation

/// `analyze --cases FILE`: the run recorded in the case store, its rings matched to the cases of
/// earlier runs, the run folder written with their case ids, then the store committed.
extension Analyze {
    /// The case store of `--cases`, opened (created if missing) before the analysis starts, so
    /// that a damaged, foreign or newer file is reported at once; nil without `--cases`.
    func openCaseStore() throws -> CaseStore? {
        guard let cases else { return nil }
        // A run replaces its folder whole: a store inside it would go with the previous run.
        let store = URL(fileURLWithPath: cases).standardizedFileURL.path
        let folder = out ?? "output/" + sanitizedFileName(Analyze.datasetName(dataset))
        if store.hasPrefix(URL(fileURLWithPath: folder).standardizedFileURL.path + "/") {
            Console.error("\(cases): error: the case store must not be inside the run folder \(folder), which each run replaces; keep it beside the run folders, e.g. --cases output/cases.sqlite")
            throw ExitCode(1)
        }
        var options = CaseStore.Options()
        // A run recorded by another process holds the write lock while it writes its folder.
        options.busyTimeout = casesWait
        return try CaseStoreOptions.open(cases, options: options)
    }

    /// Writes the run folder; with a store, inside the store's transaction for the run, so the
    /// folder carries the case ids and the store commits only once the folder is in place.
    func writeRun(_ investigation: Investigation, store: CaseStore?, runFolder destination: String, progress: ((String) -> Void)?,
                  learned: LearnedRanking? = nil, write: (RunCases?) throws -> Manifest) throws -> RunCases? {
        guard let store else {
            _ = try write(nil)
            return nil
        }
        // What the store costs, the run folder not counted: wall-clock seconds, and the CPU
        // seconds of this thread (all of the store's work runs on it), which a busy machine
        // does not inflate.
        let started = Date(), startedCPU = Analyze.threadCPUSeconds()
        var folderSeconds = 0.0, folderCPU = 0.0
        var snapshot = RunSnapshot(investigation: investigation, datasetPath: URL(fileURLWithPath: dataset).standardizedFileURL.path,
                                   runFolder: destination, toolVersion: RingScopeVersion.string, recordedAt: Date())
        learned?.apply(to: &snapshot)
        let cases = try withCaseStoreErrors {
            try store.record(snapshot) { cases in
                let folderStarted = Date(), folderStartedCPU = Analyze.threadCPUSeconds()
                defer {
                    folderSeconds = Date().timeIntervalSince(folderStarted)
                    folderCPU = Analyze.threadCPUSeconds() - folderStartedCPU
                }
                let manifest = try write(cases)
                return RunFolderFacts(inputs: manifest.inputs.map { .init(path: $0.path, bytes: $0.bytes, sha256: $0.sha256) },
                                      parameters: manifest.parameters, arguments: manifest.arguments, runHash: manifest.runHash)
            }
        }
        progress?(String(format: "case store: %.2f s (%.2f s CPU) to record %d rings and match them to earlier cases",
                         Date().timeIntervalSince(started) - folderSeconds, Analyze.threadCPUSeconds() - startedCPU - folderCPU, snapshot.rings.count))
        return cases
    }

    /// CPU seconds the calling thread has used.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The lines `analyze` prints about the cases.
    static func report(_ cases: RunCases) {
        print(terminalSafe("cases: \(cases.run.label) in \(cases.storePath): " + cases.changes.tally))
        for entry in cases.changes.entries where entry.change == .reEmerged {
            print(terminalSafe("  re-emerged \(entry.caseID) (ring \(entry.ringID)): \(entry.explanation)"))
        }
        print("  ringscope changes --cases \(cases.storePath)   lists what changed; ringscope case list, the cases")
    }
}
