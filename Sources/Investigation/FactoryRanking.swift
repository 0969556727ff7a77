import Foundation
import SellerGraph

/// Factories ranked for raids by the rings they supply.
///
/// A factory's score (0–100) multiplies two things an investigator weighs:
/// - **support**: Σ over the rings it supplies of the ring's score / 100 (a workshop that two
///   rings buy from counts both), plus 0.5 per confirmed fake or seizure on a storefront it
///   supplies and 2 per fake or seizure recorded against the factory itself, squashed as
///   1 − e^(−support / 4): a workshop behind one confirmed ring scores about 40 × purity, one
///   behind several rings and many fakes approaches 100;
/// - **purity**: the share of the storefronts it supplies that belong to rings with evidence
///   (confirmed or suspected). A legitimate OEM that supplies thousands of honest storefronts
///   and a few ring ones has a purity near 0 and sinks, however many rings touch it.
public struct FactoryRanking: Sendable {
    public struct Entry: Sendable {
        public var factory: Int32
        public var rank = 0
        public var score: Double
        /// Ids of the rings it supplies (best ranked first).
        public var rings: [String]
        /// Ring storefronts it supplies, and all storefronts it supplies.
        public var ringStorefronts: Int
        public var suppliedStorefronts: Int
        /// Confirmed fakes and seizures on storefronts it supplies, and against it.
        public var confirmedFakes: Int
        public var reasons: String
    }

    public var entries: [Entry]
    /// Support at which a factory reaches 63 % of the full score.
    public static let supportScale = 4.0

    public init(network: SellerNetwork, rings: [Ring]) {
        let supplied = network.links(.suppliedBy)
        var ringOf = [Int32](repeating: -1, count: network.count(of: .storefront))
        for (position, ring) in rings.enumerated() where ring.assessment != .legitimateCluster {
            for storefront in ring.storefronts { ringOf[Int(storefront)] = Int32(position) }
        }
        var candidates: Set<Int32> = []
        for ring in rings where ring.assessment != .legitimateCluster {
            for storefront in ring.storefronts {
                for factory in supplied.forward[storefront] { candidates.insert(factory) }
            }
        }
        var entries: [Entry] = []
        for factory in candidates.sorted() {
            let storefronts = Set(supplied.backward[factory])
            var perRing: [Int32: Int] = [:]
            var fakes = 0
            for storefront in storefronts {
                let ring = ringOf[Int(storefront)]
                if ring >= 0 { perRing[ring, default: 0] += 1 }
                for record in network.evidence(about: .storefront, storefront) where record.kind == .testPurchaseFake || record.kind == .seizure {
                    fakes += 1
                }
            }
            let direct = network.evidence(about: .factory, factory).filter { $0.kind == .testPurchaseFake || $0.kind == .seizure }.count
            let ringIndices = perRing.keys.sorted { rings[Int($0)].rank < rings[Int($1)].rank }
            let ringStorefronts = perRing.values.reduce(0, +)
            let purity = Double(ringStorefronts) / Double(max(1, storefronts.count))
            var support = 0.5 * Double(fakes) + 2 * Double(direct)
            for ring in ringIndices { support += rings[Int(ring)].score / 100 }
            let score = ((100 * purity * (1 - exp(-support / FactoryRanking.supportScale))) * 10).rounded() / 10
            var reasons = ["supplies \(plural(ringIndices.count, "ring"))"
                           + (ringIndices.isEmpty ? "" : " (" + ringIndices.prefix(5).map { rings[Int($0)].id }.joined(separator: ", ") + (ringIndices.count > 5 ? ", …" : "") + ")")]
            reasons.append("\(ringStorefronts) of its \(plural(storefronts.count, "supplied storefront")) are ring members (\(Int((purity * 100).rounded())) %)")
            if fakes > 0 { reasons.append("\(plural(fakes, "confirmed fake or seizure", "confirmed fakes and seizures")) on storefronts it supplies") }
            if direct > 0 { reasons.append("\(plural(direct, "fake or seizure", "fakes or seizures")) recorded against the factory itself") }
            if purity < 0.2 { reasons.append("mostly supplies storefronts outside any ring: likely a legitimate supplier") }
            entries.append(Entry(factory: factory, score: score, rings: ringIndices.map { rings[Int($0)].id },
                                 ringStorefronts: ringStorefronts, suppliedStorefronts: storefronts.count,
                                 confirmedFakes: fakes + direct, reasons: reasons.joined(separator: "; ")))
        }
        entries.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.ringStorefronts != b.ringStorefronts { return a.ringStorefronts > b.ringStorefronts }
            return network.id(.factory, a.factory).precedesInBytes(network.id(.factory, b.factory))
        }
        for position in entries.indices { entries[position].rank = position + 1 }
        self.entries = entries
    }
}
