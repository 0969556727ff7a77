import Foundation
import Testing
import TestFixtures
#if canImport(Glibc)
import Glibc
#endif

/// The cases of issue 14 ("Reliability") that concern input: each test is named after its case,
/// runs the `ringscope` executable as the tester did, and failed before the fix.
@Suite(.serialized) struct HostileInputTests {
    static let listingsHeader = "listing_id,storefront_id,brand,title,price,msrp,currency,units_sold\n"

    // MARK: Crash

    /// `units_sold` = 9223372036854775807 on two discounted listings of one ring trapped in
    /// EvidenceScorer (exit 132). Now the absurd number is an error with its place; numbers up
    /// to the bound are summed without trapping.
    @Test func unitsSoldAtInt64MaxOnTwoDiscountedListings() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset { files in
            files["listings.csv"] = Self.listingsHeader
                + "L1,AS1_1,Gucci,Bag,10,1000,USD,9223372036854775807\nL2,AS2_1,Gucci,Bag,10,1000,USD,9223372036854775807\n"
        }
        let outcome = CommandRunner.run(["analyze", dataset, "--out", scratch.path + "/run", "--formats", "none", "--quiet"])
        #expect(outcome.signal == nil && outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stderr.contains("listings.csv:2:8: error: bad units_sold \"9223372036854775807\""))

        let bounded = try scratch.dataset("bounded") { files in
            files["listings.csv"] = Self.listingsHeader
                + "L1,AS1_1,Gucci,Bag,10,1000,USD,1000000000000\nL2,AS2_1,Gucci,Bag,10,1000,USD,1000000000000\n"
        }
        let valid = CommandRunner.run(["analyze", bounded, "--out", scratch.path + "/run2", "--formats", "none", "--quiet"])
        #expect(valid.status == 0, "\(valid.description)")
        let referrals = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/run2/rings").compactMap { scratch.read("run2/rings/\($0)/referral.md") }
        #expect(referrals.contains { $0.contains("(2000000000000 units sold)") })
    }

    // MARK: Hangs and unbounded memory

    /// `--threads 300` under `ulimit -u 150` hung for ever: 300 layout servers were forked first,
    /// and libdispatch spun on the resource shortage. Run as `nobody` (root ignores the limit).
    @Test(.enabled(if: Self.canDropPrivileges)) func threads300UnderProcessLimit150() throws {
        let scratch = Scratch()
        chmod(scratch.path, 0o777)
        let dataset = try scratch.dataset()
        Self.waitUntilNobodyRuns()
        let outcome = CommandRunner.run(["analyze", dataset, "--out", scratch.path + "/run", "--threads", "300", "--quiet"],
                                        wrapper: ["prlimit", "--nproc=150:150", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"],
                                        timeLimit: 150)
        #expect(!outcome.timedOut && outcome.status == 0, "\(outcome.description)")
        #expect(outcome.stderr.contains("using \(4 * sysconf(Int32(_SC_NPROCESSORS_ONLN)))") || outcome.stderr.isEmpty)
    }

    /// The same class with almost no processes left: the run ends with a clear error, never a
    /// hang, a crash or a silent package without its diagram.
    @Test(.enabled(if: Self.canDropPrivileges)) func threads8UnderProcessLimit6() throws {
        let scratch = Scratch()
        chmod(scratch.path, 0o777)
        let dataset = try scratch.dataset()
        Self.waitUntilNobodyRuns()
        let outcome = CommandRunner.run(["analyze", dataset, "--out", scratch.path + "/run", "--threads", "8", "--quiet"],
                                        wrapper: ["prlimit", "--nproc=6:6", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"],
                                        timeLimit: 150)
        // Pango's font threads need room that 6 tasks never leave: GLib aborted the run
        // (SIGTRAP) when one could not start. Now the room is checked before anything starts.
        #expect(!outcome.timedOut && outcome.signal == nil, "\(outcome.description)")
        #expect(outcome.status == 1 && outcome.stderr.contains("(ulimit -u 6) leaves room for"), "\(outcome.description)")
        #expect(scratch.read("run/manifest.json") == nil)
    }

    /// Waits (at most 60 s) until no process of uid 65534 is left, e.g. the layout servers of
    /// the previous test, so that the process limit counts only the process under test. (10 s
    /// was too short on a loaded machine: the previous test's servers were still exiting, took
    /// the few processes the limit allows, and the run under test could not start pango's
    /// helper thread.)
    static func waitUntilNobodyRuns() {
        for _ in 0 ..< 600 {
            let busy = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.contains { entry in
                guard entry.allSatisfy(\.isNumber), let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8) else { return false }
                return status.split(separator: "\n").contains { $0.hasPrefix("Uid:") && $0.split(whereSeparator: \.isWhitespace).dropFirst().first == "65534" }
            } ?? false
            if !busy { return }
            usleep(100_000)
        }
    }

    static var canDropPrivileges: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") && FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")
    }

    /// A FIFO named links.csv blocked in open() for ever.
    @Test func fifoNamedLinksCsv() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset { $0["links.csv"] = nil }
        #expect(mkfifo(dataset + "/links.csv", 0o644) == 0)
        let outcome = CommandRunner.run(["validate", dataset], timeLimit: 20)
        #expect(!outcome.timedOut && outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stderr.contains("links.csv: error: is a FIFO (named pipe), not a regular file"))
    }

    /// `links.csv -> /dev/zero` grew one record without bound.
    @Test func linksCsvSymlinkToDevZero() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset { $0["links.csv"] = nil }
        #expect(symlink("/dev/zero", dataset + "/links.csv") == 0)
        let outcome = CommandRunner.run(["validate", dataset], timeLimit: 20)
        #expect(!outcome.timedOut && outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stderr.contains("links.csv: error: is a character device (a symbolic link to /dev/zero), not a regular file"))
        #expect(outcome.peakBytes < 200 << 20)
    }

    /// A symbolic link to a regular file is fine; a dangling one is an error saying where it points.
    @Test func linksCsvSymlinkToRegularFileAndDangling() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        try FileManager.default.moveItem(atPath: dataset + "/links.csv", toPath: scratch.path + "/real-links.csv")
        #expect(symlink(scratch.path + "/real-links.csv", dataset + "/links.csv") == 0)
        let valid = CommandRunner.run(["validate", dataset], timeLimit: 30)
        #expect(valid.status == 0, "\(valid.description)")
        unlink(scratch.path + "/real-links.csv")
        let dangling = CommandRunner.run(["validate", dataset], timeLimit: 30)
        #expect(dangling.status == 1 && dangling.stderr.contains("links.csv: error: cannot open: it is a symbolic link to \(scratch.path)/real-links.csv, which does not exist"), "\(dangling.description)")
    }

    /// A 50 MB seller name took 145 s and 6.3 GB. Now it is an error at its place, in bounded
    /// time and memory.
    @Test func fiftyMegabyteSellerName() throws {
        let scratch = Scratch()
        let name = String(repeating: "N", count: 50 << 20)
        let dataset = try scratch.dataset { files in
            files["sellers.csv"] = files["sellers.csv"]!.replacingOccurrences(of: "Ring A seller 2,", with: "\(name),")
        }
        let outcome = CommandRunner.run(["validate", dataset], timeLimit: 60)
        #expect(!outcome.timedOut && outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stderr.contains("sellers.csv:253:2: error: record longer than 1024 KiB"), "\(outcome.stderr.prefix(500))")
        #expect(outcome.seconds < 30)
        #expect(outcome.peakBytes > 0 && outcome.peakBytes < 200 << 20, "peak \(outcome.peakBytes >> 20) MB")

        // A 100 KB name fits in a record but not in a field.
        let longName = String(repeating: "N", count: 100_000)
        let shorter = try scratch.dataset("shorter") { files in
            files["sellers.csv"] = files["sellers.csv"]!.replacingOccurrences(of: "Ring A seller 2,", with: "\(longName),")
        }
        let field = CommandRunner.run(["validate", shorter], timeLimit: 60)
        #expect(field.status == 1 && field.stderr.contains("sellers.csv:253:2: error: field of 100000 bytes; the limit is 64 KiB"), "\(field.stderr.prefix(500))")
    }

    // MARK: Injection and silent degradation

    /// A factory name with terminal escape sequences was printed raw on stdout.
    @Test func factoryNameWithTerminalEscapesOnStdout() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset { files in
            files["factories.csv"] = files["factories.csv"]!.replacingOccurrences(of: "Shared workshop", with: "\"\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mRed\u{1B}[0m\rforged line\"")
        }
        let outcome = CommandRunner.run(["analyze", dataset, "--out", scratch.path + "/run", "--formats", "none", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.description)")
        #expect(outcome.stdout.contains("first raid target: WS \\u{1b}]0;owned\\u{7}\\u{1b}[2J"), "\(outcome.stdout)")
        #expect(!outcome.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    /// Two ids that differ only in Unicode normalisation made the diagram silently disappear.
    @Test func idsDifferingOnlyInUnicodeNormalisation() throws {
        let scratch = Scratch()
        let composed = "Caf\u{E9}", decomposed = "Cafe\u{301}"
        #expect(composed == decomposed)  // one String to Swift, two ids to the dataset
        let dataset = try scratch.dataset { files in
            files["sellers.csv"] = files["sellers.csv"]!.replacingOccurrences(of: "\nA1,", with: "\n\(composed),")
                .replacingOccurrences(of: "\nA2,", with: "\n\(decomposed),")
            files["storefronts.csv"] = files["storefronts.csv"]!.replacingOccurrences(of: ",A1,", with: ",\(composed),")
                .replacingOccurrences(of: ",A2,", with: ",\(decomposed),")
        }
        let outcome = CommandRunner.run(["analyze", dataset, "--out", scratch.path + "/run", "--formats", "svg,dot"])
        #expect(outcome.status == 0, "\(outcome.description)")
        #expect(!outcome.stderr.contains("diagram not drawn"))
        let rings = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/run/rings")
        #expect(!rings.isEmpty)
        var labels = 0
        for ring in rings {
            let dot = try #require(scratch.read("run/rings/\(ring)/diagram.dot"))
            if dot.contains(composed) { labels += 1 }
            #expect(scratch.read("run/rings/\(ring)/diagram.svg") != nil, "\(ring) has no diagram")
            let bytes = Array(dot.utf8)
            let hasComposed = bytes.firstRange(of: Array(composed.utf8)) != nil
            let hasDecomposed = bytes.firstRange(of: Array(decomposed.utf8)) != nil
            if hasComposed || hasDecomposed { #expect(hasComposed && hasDecomposed, "\(ring) lost one of the two sellers") }
        }
        #expect(labels > 0)
    }

    /// A storefront named like another kind's label ("AS1_1 (seller)" beside seller and
    /// storefront AS1_1) made the diagram silently disappear.
    @Test func storefrontNamedLikeAnotherKindsLabel() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset { files in
            // Seller A1 is renamed AS1_1, the id of its own storefront; its second storefront is
            // named what the diagram called the seller.
            for (file, text) in files { files[file] = text.replacingOccurrences(of: "AS1_2", with: "AS1_1 (seller)") }
            files["sellers.csv"] = files["sellers.csv"]!.replacingOccurrences(of: "\nA1,", with: "\nAS1_1,")
            files["storefronts.csv"] = files["storefronts.csv"]!.replacingOccurrences(of: ",A1,", with: ",AS1_1,")
        }
        let outcome = CommandRunner.run(["analyze", dataset, "--out", scratch.path + "/run", "--formats", "svg"])
        #expect(outcome.status == 0, "\(outcome.description)")
        #expect(!outcome.stderr.contains("not drawn"))
        for ring in try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/run/rings") {
            #expect(scratch.read("run/rings/\(ring)/diagram.svg") != nil, "\(ring) has no diagram")
        }
    }

    /// A self-transfer (PA1,PA1,transfers_to) counted as a transfer between a ring's accounts
    /// and raised its score. Now it is ignored with a warning.
    @Test func selfTransferRaisesNoScore() throws {
        let scratch = Scratch()
        let plain = try scratch.dataset("plain")
        let withSelf = try scratch.dataset("self") { files in
            files["links.csv"]! += "PA1,PA1,transfers_to\nPB1,PB1,transfers_to\n"
        }
        let first = CommandRunner.run(["analyze", plain, "--out", scratch.path + "/a", "--formats", "none"])
        let second = CommandRunner.run(["analyze", withSelf, "--out", scratch.path + "/b", "--formats", "none"])
        #expect(first.status == 0 && second.status == 0, "\(second.description)")
        #expect(scratch.read("a/rings.csv") == scratch.read("b/rings.csv"))
        #expect(second.stderr.contains("links.csv:") && second.stderr.contains("warning: transfers_to from a payment account to itself is ignored: \"PA1\" (and 1 more like it)"), "\(second.stderr)")
    }

    /// A hexadecimal price (0x10) was accepted as 16.
    @Test func hexadecimalPrice() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset { files in
            files["listings.csv"] = Self.listingsHeader + "L1,AS1_1,Gucci,Bag,0x10,1000,USD,3\nL2,AS1_2,Gucci,Bag,12.5,0x1p4,USD,3\n"
        }
        let outcome = CommandRunner.run(["validate", dataset])
        #expect(outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stderr.contains("listings.csv:2:5: error: bad price \"0x10\""))
        #expect(outcome.stderr.contains("listings.csv:3:6: error: bad msrp \"0x1p4\""))
    }

    /// `communities` with weights near 1e308 printed "modularity -nan" with exit 0.
    @Test func communitiesWithWeightsNear1e308() throws {
        let scratch = Scratch()
        try scratch.write("edges.txt", "a b 1e308\nb c 1e308\nc a 1e308\nd e 1\n")
        let outcome = CommandRunner.run(["communities", scratch.path + "/edges.txt"])
        #expect(outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stderr.contains("edges.txt:1:5: error: the weights up to this line sum to more than 1e100"))
        #expect(!outcome.stdout.contains("nan"))

        try scratch.write("zero.txt", "a b 0\nb c 0\n")
        let zero = CommandRunner.run(["communities", scratch.path + "/zero.txt"])
        #expect(zero.status == 0 && !zero.stdout.contains("nan"), "\(zero.description)")
    }

    // MARK: Messages

    @Test(arguments: [
        (["--seed", "-1"], "a seed is a whole number from 0 to 18446744073709551615, got '-1'"),
        (["--resolution", "-1"], "--resolution is a number greater than 0, e.g. 0.02, got '-1'"),
        (["--threads", "-1"], "the thread count is a whole number of at least 1, got '-1'"),
        (["--render-top", "-5"], "--render-top takes 'warranted', a whole number of at least 0 or 'all', e.g. --render-top 50; got '-5'"),
        (["--out", ""], "--out is empty; give the run folder, e.g. --out output/demo"),
    ])
    func negativeAndEmptyArgumentsSayWhatIsWrong(arguments: [String], message: String) throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let outcome = CommandRunner.run(["analyze", dataset] + arguments)
        #expect(outcome.status == 64, "\(outcome.description)")
        #expect(!outcome.stderr.contains("Missing value"))
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    /// Raw NSCocoaErrorDomain dumps for a file in the --out path, /proc/x and a dangling
    /// symbolic link (reported only after the whole analysis): now one line, before the
    /// analysis (the dataset is invalid, so an error about it would mean the analysis ran first).
    @Test(arguments: ["file-in-path", "proc", "dangling-symlink"])
    func destinationCheckedBeforeTheAnalysis(kind: String) throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset { $0["links.csv"]! += "nobody,PA1,pays_to\n" }
        try scratch.write("a-file", "x")
        symlink(scratch.path + "/nowhere", scratch.path + "/dangling")
        let (out, expected): (String, String) = switch kind {
        case "file-in-path": (scratch.path + "/a-file/run", "\(scratch.path)/a-file/run: error: \(scratch.path)/a-file is a file, not a folder")
        case "proc": ("/proc/x", "/proc/x: error: /proc is on a virtual file system")
        default: (scratch.path + "/dangling", "\(scratch.path)/dangling: error: is a symbolic link to \(scratch.path)/nowhere, which does not exist")
        }
        let outcome = CommandRunner.run(["analyze", dataset, "--out", out, "--quiet"])
        #expect(outcome.status == 1, "\(outcome.description)")
        #expect(outcome.stderr.hasPrefix(expected), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1 && !outcome.stderr.contains("NSCocoaErrorDomain"))
    }

    /// A full disk gave a raw NSCocoaErrorDomain Code=640 dump. Needs a small tmpfs, mounted in a
    /// mount namespace of the test's own (root, `unshare -m`).
    @Test(.enabled(if: Self.canMountTmpfs)) func fullDisk() throws {
        let scratch = Scratch()
        let demo = CommandRunner.repository + "/datasets/demo"
        let disk = scratch.path + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        // 2 MiB: past the free-space check (1 MiB), short of the demo's run (about 4 MB).
        let script = "mount -t tmpfs -o size=2m tmpfs \(disk) && exec \"$0\" analyze \(demo) --out \(disk)/run --render-top 3 --quiet --ocr-cache \(CommandRunner.demoOCRCache)"
        let outcome = CommandRunner.run([], wrapper: ["unshare", "-m", "sh", "-c", script], timeLimit: 600)
        let stderr = outcome.stderr
        #expect(outcome.status == 1, "\(outcome.description)")
        #expect(stderr.contains("error: cannot write") && stderr.contains("the disk is full"), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1 && !stderr.contains("NSCocoaErrorDomain"))
    }

    static var canMountTmpfs: Bool {
        guard getuid() == 0 else { return false }
        let probe = CommandRunner.run(["--version"], wrapper: ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt && exec \"$0\" \"$@\""], timeLimit: 10)
        return probe.status == 0
    }
}
