import Foundation
import Testing
@testable import CaseFiles
import Investigation
import Rendering
import SellerGraph
import TestFixtures

/// Ring A of ``MiniWorld`` returns to RA1 "Room 301 No. 12 Xingfu Road" and RA2 "12 Xingfu Rd
/// Rm 301", one place written two ways, at the same coordinates.
@Suite struct ResolvedAddressTests {
    private func investigate(resolving: Bool) throws -> Investigation {
        let directory = try MiniWorld().write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = Investigation.Options()
        options.projection.resolvesAddresses = resolving
        return Investigation(network: try DatasetLoader(directory: directory).load().network, options: options)
    }

    private func ringA(_ investigation: Investigation) throws -> Ring {
        let seller = try #require(investigation.network.table(.seller).index(of: "A1"))
        return try #require(investigation.rings.first { $0.sellers.contains(seller) })
    }

    private func rows(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func ringMembersKeepTheirIdsAndGainTheResolvedAddress() throws {
        let resolved = try investigate(resolving: true)
        let ring = try ringA(resolved)
        let lines = rows(RunTables.ringMembers(resolved))
        #expect(lines[0] == "ring_id,entity_type,entity_id,role,resolved_address")
        #expect(lines.contains("\(ring.id),address,RA1,shared_return_address,RA1"))
        #expect(lines.contains("\(ring.id),address,RA2,shared_return_address,RA1"))
        #expect(lines.contains("\(ring.id),seller,A1,seller,"))

        let plain = try investigate(resolving: false)
        let plainLines = rows(RunTables.ringMembers(plain))
        #expect(plainLines[0].hasSuffix(",resolved_address"))
        #expect(plainLines.contains { $0.hasSuffix(",address,RA2,shared_return_address,") })
    }

    @Test func twoSpellingsOfOneReturnAddressCountOnce() throws {
        #expect(try ringA(investigate(resolving: false)).summary.contains("2 return addresses"))
        #expect(try ringA(investigate(resolving: true)).summary.contains("1 return address"))
    }

    @Test func theReferralExplainsEachMerge() throws {
        let resolved = try investigate(resolving: true)
        let ring = try ringA(resolved)
        let sentence = "RA1 and RA2 are one address: same street number, street, room and city; 0 m apart; match probability 0.99999+"
        let markdown = Referral.markdown(for: ring, investigation: resolved, diagram: nil)
        #expect(markdown.contains("## Addresses written several ways"))
        #expect(markdown.contains("- \(sentence)"))

        let document = ReferralPDF.document(for: ring, investigation: resolved, diagram: nil)
        let bullets = document.blocks.flatMap { block -> [String] in
            if case .bullets(let items) = block { return items.map { $0.map(\.text).joined() } } else { return [] }
        }
        #expect(bullets.contains(sentence))

        // Without resolution there is no such section.
        let plain = try investigate(resolving: false)
        #expect(!Referral.markdown(for: try ringA(plain), investigation: plain, diagram: nil).contains("written several ways"))
    }
}
