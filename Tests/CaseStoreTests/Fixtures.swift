import Foundation
@testable import CaseStore

/// A ring drawn by hand: sellers `S<prefix>1…`, one storefront each, and the infrastructure given.
func ring(_ id: String, rank: Int = 1, sellers: [String], accounts: [String] = [], returns: [String] = [], workshops: [String] = [],
          identifiers: [String] = [], assessment: String = "counterfeit_ring", brands: [String] = ["Gucci"], province: String = "Guangdong") -> RingSnapshot {
    var members: [RingSnapshot.Member] = []
    for seller in sellers {
        members.append(.init("seller", seller, role: "seller"))
        members.append(.init("storefront", "SF-" + seller, role: "storefront"))
    }
    for account in accounts { members.append(.init("payment_account", account, role: "shared_payout_account")) }
    for address in returns { members.append(.init("address", address, role: "shared_return_address")) }
    for workshop in workshops { members.append(.init("factory", workshop, role: "shared_supplier")) }
    for identifier in identifiers { members.append(.init("identifier", identifier, role: "shared_phone")) }
    return RingSnapshot(ringID: id, rank: rank, score: 80 - Double(rank), assessment: assessment, summary: "ring \(id)", brands: brands,
                        province: province, members: members)
}

/// `count` seller ids `prefix1…prefixN`.
func sellers(_ prefix: String, _ range: ClosedRange<Int>) -> [String] { range.map { "\(prefix)\($0)" } }

/// A run of the given rings, recorded on 2026-03-01 plus `day` days.
func run(_ rings: [RingSnapshot], day: Int = 0, dataset: String = "world") -> RunSnapshot {
    RunSnapshot(dataset: dataset, datasetPath: "/data/\(dataset)", runFolder: "/out/\(dataset)", toolVersion: "test", seed: 1,
                recordedAt: Date(timeIntervalSince1970: 1_772_323_200 + Double(day) * 86_400), rings: rings)
}

/// A fresh store file in a temporary folder (removed by the caller's `defer`).
func temporaryStorePath() -> (folder: String, path: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("casestore-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return (folder, folder + "/cases.sqlite")
}
