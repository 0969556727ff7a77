import Testing
@testable import Investigation

/// A seller tied to a large ring only by one phone or device that the ring's members share is a
/// satellite of the ring. When CPM leaves the ring in fragments, the satellite's weight is spread
/// over them and reaches the share for none; once the fragments are joined it must attach to
/// the joined ring, and a seller whose weight is still split between two rings must not.
@Suite struct JoinedSatelliteTests {
    /// Fragments A = 0…5 and B = 6…11 of one ring: each a clique of weight 1, joined by weak
    /// links (0.01 per pair: CPM at γ = 0.02 keeps them apart) that are strong ties (a shared
    /// account: the fragments pass joins them). Seller 12 is tied to three members of each
    /// fragment (0.03 a pair: too weak for CPM to take it in, 50 % to either fragment).
    /// With `otherRing`, fragment B is instead another ring (no strong tie to A).
    static func links(otherRing: Bool) -> SellerLinks {
        var all: [(Int32, Int32, Double)] = [], strong: [(Int32, Int32, Double)] = []
        for fragment in [Int32(0), 6] {
            for a in fragment ..< fragment + 6 { for b in (a + 1) ..< fragment + 6 { all.append((a, b, 1)); strong.append((a, b, 1)) } }
        }
        for a in Int32(0) ..< 6 {
            for b in Int32(6) ..< 12 {
                all.append((a, b, 0.01))
                if !otherRing { strong.append((a, b, 0.01)) }
            }
        }
        for member: Int32 in [0, 1, 2, 6, 7, 8] { all.append((12, member, 0.03)) }
        var one = SellerPairs(), two = SellerPairs()
        for (a, b, w) in all { one.sources.append(a); one.targets.append(b); one.weights.append(w) }
        for (a, b, w) in strong { two.sources.append(a); two.targets.append(b); two.weights.append(w) }
        return SellerLinks(sellerCount: 13, all: one, strong: two)
    }

    @Test func aSatelliteOfAFragmentedRingJoinsItOnceTheFragmentsAreOne() {
        let groups = RingDetector().communities(of: Self.links(otherRing: false))
        #expect(groups == [Array(Int32(0) ... 12)])
    }

    @Test func aSellerBetweenTwoRingsStaysOut() {
        let groups = RingDetector().communities(of: Self.links(otherRing: true))
        #expect(groups == [Array(Int32(0) ..< 6), Array(Int32(6) ..< 12)])
    }
}
