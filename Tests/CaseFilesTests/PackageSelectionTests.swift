@testable import CaseFiles
import Investigation
import Testing

/// Which rings get a referral package with the run (`analyze --render-top`).
struct PackageSelectionTests {
    private func rings(_ assessments: [Ring.Assessment]) -> [Ring] {
        assessments.enumerated().map { position, assessment in
            var ring = Ring(sellers: [Int32(position)])
            ring.id = "R-\(position)"
            ring.rank = position + 1
            ring.assessment = assessment
            return ring
        }
    }

    @Test func warrantedTakesConfirmedRingsOnlyInRankOrder() {
        let ranked = rings([.counterfeitRing, .suspectedRing, .legitimateCluster, .counterfeitRing, .suspectedRing])
        #expect(PackageSelection.warranted.rings(from: ranked).map(\.id) == ["R-0", "R-3"])
        #expect(PackageSelection.top(3).rings(from: ranked).map(\.id) == ["R-0", "R-1", "R-3"])
        #expect(PackageSelection.all.rings(from: ranked).map(\.id) == ["R-0", "R-1", "R-3", "R-4"])
        #expect(PackageSelection.top(0).rings(from: ranked).isEmpty)
    }

    @Test func warrantedStopsAtItsLimit() {
        let ranked = rings(Array(repeating: .counterfeitRing, count: PackageSelection.warrantedLimit + 7))
        let chosen = PackageSelection.warranted.rings(from: ranked)
        #expect(chosen.count == PackageSelection.warrantedLimit)
        #expect(chosen.map(\.id) == ranked.prefix(PackageSelection.warrantedLimit).map(\.id))
    }

    @Test func argumentsRoundTrip() {
        for selection in [PackageSelection.warranted, .all, .top(0), .top(100)] {
            #expect(PackageSelection(argument: selection.argument) == selection)
        }
        for bad in ["-1", "ten", "", "1.5", "ALL"] { #expect(PackageSelection(argument: bad) == nil) }
    }
}
