import Foundation
import Testing
import TestFixtures

/// `analyze` on a dataset whose images.csv names bad files: each is a warning naming
/// images.csv's line and the `file` column, that image is skipped, the run completes, and the
/// manifest lists every image skipped with its warning.
@Suite struct BadImageRunTests {
    @Test func badImagesAreWarningsAndListedInTheManifest() throws {
        var world = MiniWorld()
        world.extraFiles["images.csv"] = """
        image_id,file,kind,storefront_id
        I1,images/missing.png,listing_image,AS1_1
        I2,images/text.png,listing_image,AS1_2
        I3,images/huge.png,parcel_label,AS2_1
        I4,../outside.png,parcel_label,AS2_2

        """
        let dataset = try world.write()
        defer { try? FileManager.default.removeItem(atPath: dataset) }
        try FileManager.default.createDirectory(atPath: dataset + "/images", withIntermediateDirectories: true)
        try Data("this is a text file, not a photo".utf8).write(to: URL(fileURLWithPath: dataset + "/images/text.png"))
        try Data(PNGHeader.bytes(width: 20_000, height: 20_000)).write(to: URL(fileURLWithPath: dataset + "/images/huge.png"))
        let run = dataset + "-run"
        defer { try? FileManager.default.removeItem(atPath: run) }

        let outcome = CommandRunner.run(["analyze", dataset, "--out", run, "--render-top", "0", "--ocr-cache", "none", "--warnings", "all"], timeLimit: 300)
        #expect(outcome.status == 0, "\(outcome.description)")
        for (line, name) in [(2, "missing.png"), (3, "text.png"), (4, "huge.png"), (5, "outside.png")] {
            #expect(outcome.stderr.contains("images.csv:\(line):2: warning:"), "no warning for line \(line): \(outcome.stderr)")
            #expect(outcome.stderr.contains(name), "\(name) not named: \(outcome.stderr)")
        }
        #expect(outcome.stderr.contains("not a PNG or JPEG image"))
        #expect(outcome.stderr.contains("20000 × 20000 pixels is over the limit"))

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/manifest.json"))) as? [String: Any]
        let skipped = try #require(manifest?["skipped"] as? [[String: String]])
        #expect(skipped.map { $0["path"] ?? "" } == ["images/missing.png", "images/text.png", "images/huge.png", "../outside.png"])
        #expect(skipped.allSatisfy { ($0["warning"] ?? "").hasPrefix("images.csv:") })
        // The run still verifies: the skipped list is part of its run hash.
        let verified = CommandRunner.run(["verify", run])
        #expect(verified.status == 0, "\(verified.description)")
    }
}
