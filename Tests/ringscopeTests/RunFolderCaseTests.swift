@testable import CaseFiles
import Foundation
import Testing
import TestFixtures
#if canImport(Glibc)
import Glibc
#endif

/// The cases of issue 14 about the run folder: data loss, half-written output, determinism,
/// `verify` and signing. Each test is named after its case and failed before the fix.
@Suite(.serialized) struct RunFolderCaseTests {
    private func analyze(_ dataset: String, _ out: String, _ extra: [String] = []) -> CommandRunner.Outcome {
        CommandRunner.run(["analyze", dataset, "--out", out, "--formats", "none", "--quiet"] + extra)
    }

    // MARK: Data loss and half-written output

    /// Re-running analyze into a run folder deleted whatever the user had put there, a dataset
    /// copied into it included (exit 0).
    @Test func rerunIntoRunFolderHoldingTheUsersFiles() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let run = scratch.path + "/run"
        #expect(analyze(dataset, run).status == 0)
        try FileManager.default.copyItem(atPath: dataset, toPath: run + "/dataset")
        try scratch.write("run/notes.txt", "my notes")
        let outcome = analyze(dataset, run)
        #expect(outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stderr.contains("holds 2 entries (dataset/, notes.txt) that the previous run's manifest does not list"), "\(outcome.stderr)")
        #expect(scratch.read("run/notes.txt") == "my notes")
        #expect(scratch.read("run/dataset/sellers.csv") != nil)
    }

    /// A folder whose manifest.json only said {"tool":"ringscope"} counted as a run and was wiped.
    @Test func folderWithAManifestThatOnlySaysToolRingscope() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        try scratch.write("out/manifest.json", #"{"tool":"ringscope"}"#)
        try scratch.write("out/thesis.tex", "years of work")
        let outcome = analyze(dataset, scratch.path + "/out")
        #expect(outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stderr.contains("holds a manifest.json that is not a RingScope manifest (no version)"), "\(outcome.stderr)")
        #expect(scratch.read("out/thesis.tex") == "years of work")
    }

    /// Two analyze runs into one --out left a folder without rings.csv, both exiting 0: the
    /// second cleared the first's live staging folder. Now the second is refused while the
    /// first holds the destination, and the first's staging folder survives.
    @Test func secondRunIntoTheSameOutWhileTheFirstIsWriting() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let first = try RunFolder(destination: scratch.path + "/run")
        try first.write("rings.csv", text: "first run's rings\n")
        let second = analyze(dataset, scratch.path + "/run")
        #expect(second.status == 1, "\(second.description)")
        #expect(second.stderr.contains("another RingScope run (process \(getpid())) is writing this folder"), "\(second.stderr)")
        #expect(FileManager.default.contents(atPath: first.staging + "/rings.csv") == Data("first run's rings\n".utf8))
    }

    /// Staging folders are cleared only when their process is gone: one of a live process stays.
    @Test func stagingFolderOfALiveProcessIsKept() throws {
        let scratch = Scratch()
        let live = scratch.path + "/.run.ringscope-staging-1"  // pid 1 is always alive
        let dead = scratch.path + "/.run.ringscope-staging-2147483646"
        try scratch.write(".run.ringscope-staging-1/x", "live")
        try scratch.write(".run.ringscope-staging-2147483646/x", "dead")
        let folder = try RunFolder(destination: scratch.path + "/run")
        #expect(FileManager.default.fileExists(atPath: live + "/x"))
        #expect(!FileManager.default.fileExists(atPath: dead))
        _ = folder
    }

    /// The commit was two renames: a kill between them left --out missing, and the next run
    /// deleted the previous run. The state such a kill left behind is now repaired by the next
    /// run before anything else, even one that then fails on its dataset.
    @Test func killBetweenTheTwoRenamesOfTheCommit() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        #expect(analyze(dataset, scratch.path + "/run").status == 0)
        let previous = scratch.path + "/.run.ringscope-staging-2147483646.previous"
        try FileManager.default.moveItem(atPath: scratch.path + "/run", toPath: previous)
        let broken = try scratch.dataset("broken") { $0["links.csv"]! += "nobody,PA1,pays_to\n" }
        let outcome = analyze(broken, scratch.path + "/run")
        #expect(outcome.status == 1)
        #expect(scratch.read("run/rings.csv") != nil, "the previous run was not put back")
        #expect(try RunVerifier().verify(runDirectory: scratch.path + "/run").isIntact)
    }

    /// At every instant of a commit either the old or the new run is at the destination: a
    /// watcher that looks thousands of times during 30 commits never finds it missing.
    @Test func destinationNeverMissingDuringCommits() throws {
        let scratch = Scratch()
        let destination = scratch.path + "/run"
        let folder = try RunFolder(destination: destination)
        try folder.write("a.txt", text: "0")
        try commit(folder, scratch: scratch)
        let watching = SharedValue(true), missing = SharedValue(0), looks = SharedValue(0)
        let watcher = Thread {
            var status = stat()
            while watching.load() {
                if lstat(destination, &status) != 0 { missing.add() }
                looks.add()
            }
        }
        watcher.start()
        for round in 1 ... 30 {
            let next = try RunFolder(destination: destination)
            try next.write("a.txt", text: String(round))
            try commit(next, scratch: scratch)
        }
        watching.store(false)
        while !watcher.isFinished { usleep(1000) }
        #expect(looks.load() > 30)
        #expect(missing.load() == 0)
        #expect(scratch.read("run/a.txt") == "30")
    }

    /// Commits a folder with a genuine manifest, so that the next RunFolder accepts it.
    private func commit(_ folder: RunFolder, scratch: Scratch) throws {
        var manifest = Manifest(version: "test", arguments: [], parameters: [:], seed: 1, dataset: "t", inputs: [],
                                outputs: folder.files, runHash: "")
        manifest.runHash = manifest.computedRunHash()
        let encoder = JSONEncoder()
        try folder.write(Manifest.fileName, Array(try encoder.encode(manifest)), recorded: false)
        try folder.commit()
    }

    // MARK: Determinism

    /// referral.pdf differed between identical runs at the default --threads 2 (three different
    /// run folders in six runs). The demo, four times with 2 threads: every byte the same.
    @Test func demoFourTimesWithTwoThreadsIsByteIdentical() throws {
        let scratch = Scratch()
        let demo = CommandRunner.repository + "/datasets/demo"
        var first: [String: Data]?
        for round in 1 ... 4 {
            let out = scratch.path + "/run\(round)"
            // Run 1 reads the demo's photos (unless another test just did); runs 2–4 take the
            // readings from the cache, which must not change a byte.
            let outcome = CommandRunner.run(["analyze", demo, "--out", out, "--threads", "2", "--quiet",
                                             "--ocr-cache", CommandRunner.demoOCRCache], timeLimit: 600)
            #expect(outcome.status == 0, "\(outcome.description)")
            let files = contents(of: out)
            #expect(files.keys.contains { $0.hasSuffix("referral.pdf") })
            if let first {
                #expect(files.keys.sorted() == first.keys.sorted())
                for (path, data) in files where first[path] != data { Issue.record("run \(round): \(path) differs from run 1") }
            } else {
                first = files
            }
        }
    }

    /// manifest.json recorded --threads N, so --threads 1 and --threads 2 runs differed. Nor do
    /// --quiet, --warnings and --out change a run.
    @Test func manifestLeavesOutThreadsQuietWarningsAndOut() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let a = CommandRunner.run(["analyze", dataset, "--out", scratch.path + "/a", "--threads", "1", "--formats", "none"])
        let b = CommandRunner.run(["analyze", dataset, "--threads=2", "--quiet", "--warnings", "all", "--out=" + scratch.path + "/b", "--formats", "none"])
        #expect(a.status == 0 && b.status == 0)
        #expect(scratch.read("a/manifest.json") == scratch.read("b/manifest.json"))
        #expect(scratch.read("a/manifest.json")?.contains("\"--formats\"") == true)
    }

    // MARK: verify and chain of custody

    /// verify accepted a run whose file, its hash and the run hash were edited together. The
    /// hash list cannot tell; the signature does, and an unsigned run says it is not signed.
    @Test func fileHashAndRunHashEditedTogether() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let key = scratch.path + "/agency"
        let keys = CommandRunner.run(["keys", "generate", key])
        #expect(keys.status == 0, "\(keys.description)")
        let signed = analyze(dataset, scratch.path + "/run", ["--sign-key", key])
        #expect(signed.status == 0 && signed.stdout.contains("(signed: key SHA256:"), "\(signed.description)")
        let good = CommandRunner.run(["verify", scratch.path + "/run", "--public-key", key + ".pub"])
        #expect(good.status == 0 && good.stdout.contains("signature valid: key SHA256:"), "\(good.description)")

        try tamper(run: scratch.path + "/run")
        let unchecked = CommandRunner.run(["verify", scratch.path + "/run"])
        #expect(unchecked.stdout.contains("signed, signature not checked"), "\(unchecked.stdout)")
        let caught = CommandRunner.run(["verify", scratch.path + "/run", "--public-key", key + ".pub"])
        #expect(caught.status == 1, "\(caught.description)")
        #expect(caught.stdout.contains("changed: manifest.json (its signature does not match"), "\(caught.stdout)")

        let unsigned = analyze(dataset, scratch.path + "/plain")
        #expect(unsigned.status == 0)
        let plain = CommandRunner.run(["verify", scratch.path + "/plain"])
        #expect(plain.status == 0 && plain.stdout.contains("not signed"))
        let demanded = CommandRunner.run(["verify", scratch.path + "/plain", "--public-key", key + ".pub"])
        #expect(demanded.status == 1 && demanded.stdout.contains("and not signed"), "\(demanded.stdout)")
    }

    /// A wrong key fails, and so does any change to any file of a signed run, naming the file.
    @Test func signedRunWithWrongKeyOrChangedFile() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        #expect(CommandRunner.run(["keys", "generate", scratch.path + "/k1"]).status == 0)
        #expect(CommandRunner.run(["keys", "generate", scratch.path + "/k2"]).status == 0)
        #expect(CommandRunner.run(["keys", "generate", scratch.path + "/k1"]).status == 1)  // never overwrites
        var mode = stat()
        stat(scratch.path + "/k1", &mode)
        #expect(mode.st_mode & 0o777 == 0o600)
        #expect(analyze(dataset, scratch.path + "/run", ["--sign-key", scratch.path + "/k1"]).status == 0)
        let wrong = CommandRunner.run(["verify", scratch.path + "/run", "--public-key", scratch.path + "/k2.pub"])
        #expect(wrong.status == 1 && wrong.stdout.contains("changed: manifest.json (its signature does not match"))
        try scratch.write("run/rings.csv", (scratch.read("run/rings.csv") ?? "") + "x")
        let changed = CommandRunner.run(["verify", scratch.path + "/run", "--public-key", scratch.path + "/k1.pub"])
        #expect(changed.status == 1 && changed.stdout.contains("changed: rings.csv"), "\(changed.stdout)")
        chmod(scratch.path + "/k1", 0o644)
        let exposed = analyze(dataset, scratch.path + "/run2", ["--sign-key", scratch.path + "/k1"])
        #expect(exposed.status == 1 && exposed.stderr.contains("can be read by other users (mode 644)"))
    }

    /// Edits rings.csv, its hash and size in the manifest, and the run hash, consistently.
    private func tamper(run: String) throws {
        let path = run + "/rings.csv"
        let edited = Array((String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self) + "forged\n").utf8)
        try Data(edited).write(to: URL(fileURLWithPath: path))
        var manifest = try JSONDecoder().decode(Manifest.self, from: try #require(FileManager.default.contents(atPath: run + "/manifest.json")))
        let index = try #require(manifest.outputs.firstIndex { $0.path == "rings.csv" })
        manifest.outputs[index].sha256 = sha256Hex(edited)
        manifest.outputs[index].bytes = edited.count
        manifest.runHash = manifest.computedRunHash()
        try writeManifest(manifest, run: run)
    }

    private func writeManifest(_ manifest: Manifest, run: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: run + "/manifest.json"))
    }

    /// The run hash ignored seed, arguments, version and dataset: editing one of them in the
    /// manifest went unnoticed.
    @Test(arguments: ["seed", "arguments", "version", "dataset"])
    func runHashCovers(field: String) throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        #expect(analyze(dataset, scratch.path + "/run").status == 0)
        let path = scratch.path + "/run/manifest.json"
        let data = try #require(FileManager.default.contents(atPath: path))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        switch field {
        case "seed": object["seed"] = 2
        case "arguments": object["arguments"] = ["analyze", "elsewhere"]
        case "version": object["version"] = "9.9.9"
        default: object["dataset"] = "another"
        }
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        let report = try RunVerifier().verify(runDirectory: scratch.path + "/run")
        #expect(report.changed == ["manifest.json"])
        #expect(!report.isIntact)
    }

    /// verify followed symbolic links inside the run: a listed file replaced by a link to a
    /// copy of itself passed.
    @Test func symbolicLinkInsideTheRun() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        #expect(analyze(dataset, scratch.path + "/run").status == 0)
        try FileManager.default.moveItem(atPath: scratch.path + "/run/rings.csv", toPath: scratch.path + "/elsewhere.csv")
        symlink(scratch.path + "/elsewhere.csv", scratch.path + "/run/rings.csv")
        let outcome = CommandRunner.run(["verify", scratch.path + "/run"])
        #expect(outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stdout.contains("changed: rings.csv (a symbolic link, not the file RingScope wrote)"))
    }

    /// verify read manifest paths such as ../../../../etc/hostname: a hash oracle outside the run.
    @Test func manifestPathOutsideTheRun() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        #expect(analyze(dataset, scratch.path + "/run").status == 0)
        let path = scratch.path + "/run/manifest.json"
        var manifest = try JSONDecoder().decode(Manifest.self, from: try #require(FileManager.default.contents(atPath: path)))
        let secret = Array("guess\n".utf8)
        try Data(secret).write(to: URL(fileURLWithPath: scratch.path + "/secret"))
        manifest.outputs.append(RunFolder.WrittenFile(path: "../secret", bytes: secret.count, sha256: sha256Hex(secret)))
        manifest.runHash = manifest.computedRunHash()
        try writeManifest(manifest, run: scratch.path + "/run")
        #expect(throws: RunVerifier.Error.self) { try RunVerifier().verify(runDirectory: scratch.path + "/run") }
        let outcome = CommandRunner.run(["verify", scratch.path + "/run"])
        #expect(outcome.status == 1 && outcome.stderr.contains("lists the path \"../secret\", which is not a plain path inside the run; nothing was read"), "\(outcome.description)")
    }

    /// verify printed a manifest path holding a newline as if it were a line of its own output.
    @Test func manifestPathWithANewline() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        #expect(analyze(dataset, scratch.path + "/run").status == 0)
        let path = scratch.path + "/run/manifest.json"
        var manifest = try JSONDecoder().decode(Manifest.self, from: try #require(FileManager.default.contents(atPath: path)))
        manifest.outputs.append(RunFolder.WrittenFile(path: "x\nintact: 99 files match manifest.json", bytes: 0, sha256: ""))
        manifest.runHash = manifest.computedRunHash()
        try writeManifest(manifest, run: scratch.path + "/run")
        let outcome = CommandRunner.run(["verify", scratch.path + "/run"])
        #expect(outcome.status == 1)
        #expect(!(outcome.stdout + outcome.stderr).split(separator: "\n").contains { $0.hasPrefix("intact: 99") }, "\(outcome.description)")
        #expect(outcome.stderr.contains("\\nintact: 99"))
    }

    /// verify did not report an added empty folder.
    @Test func addedEmptyFolder() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        #expect(analyze(dataset, scratch.path + "/run").status == 0)
        try FileManager.default.createDirectory(atPath: scratch.path + "/run/extra/inner", withIntermediateDirectories: true)
        let report = try RunVerifier().verify(runDirectory: scratch.path + "/run")
        #expect(report.added == ["extra/", "extra/inner/"])
        #expect(!report.isIntact)
    }

    private func contents(of directory: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: directory) ?? [] {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { result[path] = FileManager.default.contents(atPath: directory + "/" + path) }
        }
        return result
    }
}

/// A counter or flag shared with a watcher thread.
private final class SharedValue<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func load() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func store(_ new: Value) { lock.lock(); value = new; lock.unlock() }
}

private extension SharedValue where Value == Int {
    func add() { lock.lock(); value += 1; lock.unlock() }
}
