import Foundation
import Testing
@testable import CaseFiles
import Investigation
import Parallel
import SellerGraph

/// Issue 14: referral.pdf differed between identical runs at --threads 2 — line breaks in table
/// cells moved when another thread typeset at the same time. The demo's referrals, typeset
/// two at a time in six rounds, must come out byte for byte the same every round.
@Suite struct ReferralPDFConcurrencyTests {
    @Test func referralPDFsTypesetTwoAtATimeAreIdenticalEveryRound() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let loaded = try DatasetLoader(directory: root + "/datasets/demo").load()
        let investigation = Investigation(network: loaded.network, options: Investigation.Options())
        let rings = Array(investigation.rings.filter { $0.assessment != .legitimateCluster }.prefix(8))
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
}
