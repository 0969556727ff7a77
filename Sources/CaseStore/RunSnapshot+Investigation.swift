import Foundation
import Investigation
import SellerGraph

extension RunSnapshot {
    /// The snapshot of an investigation: every ring with its members (ids as in the dataset) and
    /// roles, its score and reasons, brands and province, and the factory ranking.
    public init(investigation: Investigation, datasetPath: String, runFolder: String, toolVersion: String, recordedAt: Date) {
        let network = investigation.network
        let sellers = network.table(.seller)
        let factories = network.table(.factory)
        let rings = investigation.rings.map { ring -> RingSnapshot in
            let members = ring.members.map { member in
                RingSnapshot.Member(member.kind.rawValue, network.id(member.kind, member.entity), role: member.role)
            }
            // The province of most of its sellers; of its workshops when no seller gives one.
            var provinces: [String] = ring.sellers.map { Province.canonical(sellers.attribute("province", of: $0)) }.filter { !$0.isEmpty }
            if provinces.isEmpty {
                provinces = ring.members(.factory).map { Province.canonical(factories.attribute("province", of: $0.entity)) }.filter { !$0.isEmpty }
            }
            return RingSnapshot(ringID: ring.id, rank: ring.rank, score: ring.score, assessment: ring.assessment.rawValue,
                                summary: ring.summary,
                                reasons: ring.components.map { "\($0.name) \(String(format: "%.1f", $0.points)): \($0.reason)" }.joined(separator: "; "),
                                brands: ring.brands, province: Province.mostCommon(provinces), confirmedFakes: ring.confirmedFakes,
                                members: members)
        }
        let ranking = investigation.factories.entries.map { entry in
            FactoryRecord(rank: entry.rank, factoryID: network.id(.factory, entry.factory), score: entry.score, rings: entry.rings, reasons: entry.reasons)
        }
        self.init(dataset: network.name, datasetPath: datasetPath, runFolder: runFolder, toolVersion: toolVersion,
                  seed: investigation.seed, recordedAt: recordedAt, rings: rings, factories: ranking)
    }
}
