import Foundation
import Testing
import TestFixtures

/// `ringscope package RUN RING_ID`: a referral package made after the run is the one the full
/// run writes, the run stays verifiable (and signed), and nothing is added to a run that does not
/// match its manifest or its dataset.
@Suite(.serialized) struct OnDemandPackageTests {
    private func analyze(_ dataset: String, _ out: String, _ extra: [String] = []) -> CommandRunner.Outcome {
        CommandRunner.run(["analyze", dataset, "--out", out, "--formats", "svg", "--quiet", "--ocr-cache", "none"] + extra)
    }

    /// Ring ids of a run by assessment, from its rings.csv (rank order).
    private func ringIDs(_ run: String, _ assessment: String) -> [String] {
        let text = (try? String(contentsOfFile: run + "/rings.csv", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().compactMap { line in
            line.contains("," + assessment + ",") ? String(line.prefix { $0 != "," }) : nil
        }
    }

    private func files(under folder: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for name in (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [] {
            if let data = FileManager.default.contents(atPath: folder + "/" + name), !name.hasSuffix("/") { result[name] = data }
        }
        return result
    }

    @Test func packageOnDemandHasTheFullRunsBytesAndTheRunVerifies() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let lean = scratch.path + "/lean", full = scratch.path + "/full"
        #expect(analyze(dataset, lean, ["--render-top", "0"]).status == 0)
        #expect(analyze(dataset, full, ["--render-top", "all"]).status == 0)
        let confirmed = ringIDs(full, "counterfeit_ring")
        try #require(confirmed.count >= 2, "the mini world has two confirmed rings")
        #expect(!FileManager.default.fileExists(atPath: lean + "/rings"))

        let second = confirmed[1]
        let made = CommandRunner.run(["package", lean, second, "--quiet"])
        #expect(made.status == 0, "\(made.description)")
        #expect(made.stdout.contains("\(second): package written to"), "\(made.stdout)")
        let onDemand = files(under: lean + "/rings/" + second)
        #expect(!onDemand.isEmpty)
        #expect(onDemand == files(under: full + "/rings/" + second), "same files, same bytes as --render-top all")
        #expect(onDemand.keys.contains("referral.pdf") && onDemand.keys.contains("diagram.svg"))

        let verified = CommandRunner.run(["verify", lean])
        #expect(verified.status == 0, "\(verified.description)")
        let manifest = try String(contentsOfFile: lean + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"packages_added\" : \"\(second)\""), "\(manifest)")

        let again = CommandRunner.run(["package", lean, second, "--quiet"])
        #expect(again.status == 0 && again.stdout.contains("already in the run"), "\(again.description)")
    }

    @Test func signedRunIsSignedAgainAndNeedsItsKey() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let key = scratch.path + "/agency", run = scratch.path + "/run"
        #expect(CommandRunner.run(["keys", "generate", key]).status == 0)
        #expect(analyze(dataset, run, ["--render-top", "0", "--sign-key", key]).status == 0)
        let ring = try #require(ringIDs(run, "counterfeit_ring").first)

        let unsigned = CommandRunner.run(["package", run, ring, "--quiet"])
        #expect(unsigned.status == 1, "\(unsigned.description)")
        #expect(unsigned.stderr.contains("the run is signed; give the key that signed it with --sign-key"), "\(unsigned.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run + "/rings"))

        let signed = CommandRunner.run(["package", run, ring, "--sign-key", key, "--quiet"])
        #expect(signed.status == 0, "\(signed.description)")
        let verified = CommandRunner.run(["verify", run, "--public-key", key + ".pub"])
        #expect(verified.status == 0 && verified.stdout.contains("signature valid"), "\(verified.description)")
    }

    @Test func refusesAChangedRunAnotherDatasetAndRingsWithoutAPackage() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let run = scratch.path + "/run"
        #expect(analyze(dataset, run, ["--render-top", "0"]).status == 0)
        let ring = try #require(ringIDs(run, "counterfeit_ring").first)

        let unknown = CommandRunner.run(["package", run, "R-00000000", "--quiet"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no ring R-00000000 in this run"), "\(unknown.description)")
        if let family = ringIDs(run, "legitimate_cluster").first {
            let legitimate = CommandRunner.run(["package", run, family, "--quiet"])
            #expect(legitimate.status == 1 && legitimate.stderr.contains("is assessed legitimate_cluster"), "\(legitimate.description)")
        }

        // Another dataset: one evidence row more.
        let other = try scratch.dataset("other") { $0["evidence.csv"]! += "storefront,AS1_1,takedown,Gucci,2024-06-01,X-1\n" }
        let wrong = CommandRunner.run(["package", run, ring, "--dataset", other, "--quiet"])
        #expect(wrong.status == 1 && wrong.stderr.contains("differs from the run's input"), "\(wrong.description)")

        // A run changed since it was written is not re-manifested (and so not laundered).
        let rings = run + "/rings.csv"
        let before = try String(contentsOfFile: rings, encoding: .utf8)
        try (before + "R-ffffffff,999,1.0\n").write(toFile: rings, atomically: false, encoding: .utf8)
        let changed = CommandRunner.run(["package", run, ring, "--quiet"])
        #expect(changed.status == 1 && changed.stderr.contains("does not match its manifest"), "\(changed.description)")
        #expect(!FileManager.default.fileExists(atPath: run + "/rings"))
    }

    @Test func defaultRunPackagesConfirmedRingsOnly() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let run = scratch.path + "/run"
        #expect(analyze(dataset, run).status == 0)
        let packaged = Set((try? FileManager.default.contentsOfDirectory(atPath: run + "/rings")) ?? [])
        #expect(packaged == Set(ringIDs(run, "counterfeit_ring")), "\(packaged)")
        let manifest = try String(contentsOfFile: run + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"referral_packages\" : \"warranted\""))
    }
}
