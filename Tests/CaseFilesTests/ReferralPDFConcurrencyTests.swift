import Foundation
import Testing
@testable import CaseFiles
import Investigation
import Parallel
import Rendering
import SellerGraph

/// Issue 14: referral.pdf differed between identical runs at --threads 2 — line breaks in table
/// cells moved when another thread typeset at the same time. The demo's referrals, typeset
/// two at a time in six rounds, must come out byte for byte the same every round.
@Suite struct ReferralPDFConcurrencyTests {
    static func demoRings() throws -> (Investigation, [Ring]) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let loaded = try DatasetLoader(directory: root + "/datasets/demo").load()
        let investigation = Investigation(network: loaded.network, options: Investigation.Options())
        return (investigation, Array(investigation.rings.filter { $0.assessment != .legitimateCluster }.prefix(8)))
    }

    @Test func referralPDFsTypesetTwoAtATimeAreIdenticalEveryRound() throws {
        let (investigation, rings) = try Self.demoRings()
        #expect(rings.count >= 4)
        let alone = try rings.map { try ReferralPDF.render($0, investigation: investigation, diagram: nil) }
        for round in 1 ... 6 {
            let together = try concurrentMap(rings.count, threads: 2) { index throws(any Error) -> [UInt8] in
                try ReferralPDF.render(rings[index], investigation: investigation, diagram: nil)
            }
            for (index, pdf) in together.enumerated() where pdf != alone[index] {
                Issue.record("round \(round): the referral of \(rings[index].id) differs from the one typeset alone")
            }
        }
    }

    /// A clean-clone CI run failed the test above: a generator test drew parcel labels (turned
    /// text, hinted metrics, another font) in the same process while the referrals were typeset,
    /// and line breaks moved (6 of 21 referrals differed in a reproduction). Every text drawn
    /// with pango now holds one lock (`Typesetting`); this draws such pictures on one thread
    /// while the other typesets.
    @Test func referralPDFsTypesetBesideRasterTextAreIdentical() throws {
        let (investigation, rings) = try Self.demoRings()
        let alone = try rings.map { try ReferralPDF.render($0, investigation: investigation, diagram: nil) }
        var picture = RasterPicture(width: 600, height: 400)
        for line in 0 ..< 10 {
            picture.shapes.append(.text(.init("WeChat ID: lin_hao\(line) 电话 1560604920\(line)", x: 20, y: Double(line) * 36 + 10,
                                              size: 11 + Double(line) * 1.7, family: line % 2 == 0 ? "DejaVu Sans" : "Noto Sans CJK SC",
                                              angle: Double(line))))
        }
        picture.rotation = 7
        for round in 1 ... 3 {
            let together = try concurrentMap(rings.count * 2, threads: 2) { index throws(any Error) -> [UInt8] in
                if index % 2 == 0 { return try ReferralPDF.render(rings[index / 2], investigation: investigation, diagram: nil) }
                return try RasterRenderer.render(picture).png
            }
            for index in stride(from: 0, to: together.count, by: 2) where together[index] != alone[index / 2] {
                Issue.record("round \(round): the referral of \(rings[index / 2].id) differs beside raster text")
            }
        }
    }
}
