import Foundation
import Investigation
import SellerGraph

/// Computes the ``RingFeature`` vector of candidate rings from the assembled rings and the
/// network.
///
/// Built once per network (it parses the date columns and finds the dataset's latest date, the
/// reference for account ages), then applied to any number of rings.
public struct RingFeatureExtractor: Sendable {
    /// Days after which two storefront openings no longer count as one burst.
    public static let burstWindowDays: Int32 = 30

    let network: SellerNetwork
    /// Seller registration and storefront opening, days since 1970, ``Dates/unknown`` when absent.
    let registeredOn: [Int32]
    let openedOn: [Int32]
    /// The latest date anywhere in the dataset: registrations, openings, evidence. The reference
    /// for account ages, so that ages do not depend on the day the analysis runs.
    let referenceDay: Int32?

    public init(network: SellerNetwork) {
        self.network = network
        func days(_ kind: EntityKind, _ column: String) -> [Int32] {
            let table = network.table(kind)
            return (0 ..< Int32(table.count)).map { Dates.parse(table.attribute(column, of: $0)) ?? Dates.unknown }
        }
        registeredOn = days(.seller, "registered_on")
        openedOn = days(.storefront, "opened_on")
        let known = (registeredOn + openedOn + network.evidence.map(\.observedOn)).filter { $0 != Dates.unknown }
        referenceDay = known.max()
    }

    /// The features of each ring, one row per ring in the given order.
    ///
    /// - Parameter linkedConfirmedCases: per ring, the earlier cases confirmed counterfeit it
    ///   continues or shares entities with (from the case store), or `nil` when there is no case
    ///   store: the feature is then missing, not 0.
    public func matrix(for rings: [Ring], linkedConfirmedCases: [Int]? = nil) -> FeatureMatrix {
        precondition(linkedConfirmedCases == nil || linkedConfirmedCases!.count == rings.count)
        var matrix = FeatureMatrix(rowCount: rings.count, columnCount: RingFeature.allCases.count)
        for (row, ring) in rings.enumerated() {
            let values = features(of: ring, linkedConfirmedCases: linkedConfirmedCases?[row])
            for column in 0 ..< values.count { matrix[row, column] = values[column] }
        }
        return matrix
    }

    /// The features of one ring, in ``RingFeature`` column order.
    public func features(of ring: Ring, linkedConfirmedCases: Int? = nil) -> [Float] {
        var values = [Float](repeating: .nan, count: RingFeature.allCases.count)
        func set(_ feature: RingFeature, _ value: Double) { values[feature.column] = Float(value) }
        let storefrontCount = max(1, ring.storefronts.count)
        set(.sellers, Double(ring.sellers.count))
        set(.storefronts, Double(ring.storefronts.count))

        // Evidence kinds per storefront: about the storefront itself or about its seller.
        var storefrontsWith = [Int](repeating: 0, count: EvidenceKind.allCases.count)
        let bySeller = network.evidenceByEntity[EntityKind.seller.index]
        let byStorefront = network.evidenceByEntity[EntityKind.storefront.index]
        for storefront in ring.storefronts {
            var kinds = Set<EvidenceKind>()
            for record in byStorefront[storefront] { kinds.insert(network.evidence[Int(record)].kind) }
            for record in bySeller[network.seller(of: storefront)] { kinds.insert(network.evidence[Int(record)].kind) }
            for kind in kinds { storefrontsWith[kind.index] += 1 }
        }
        func share(_ kind: EvidenceKind) -> Double { Double(storefrontsWith[kind.index]) / Double(storefrontCount) }
        set(.confirmedFakeShare, share(.testPurchaseFake))
        set(.takedownShare, share(.takedown))
        set(.complaintShare, share(.brandComplaint))
        set(.priceAnomalyShare, share(.priceAnomaly))
        set(.keywordMatchShare, share(.keywordMatch))
        var seizures = 0, genuine = 0
        var sources = Set<String>()
        for record in ring.evidence {
            let evidence = network.evidence[Int(record)]
            if evidence.kind == .seizure { seizures += 1 }
            if evidence.kind == .testPurchaseGenuine { genuine += 1 }
            let source = evidence.source.trimmingCharacters(in: .whitespaces).lowercased()
            if !source.isEmpty && evidence.kind != .testPurchaseGenuine { sources.insert(source) }
        }
        set(.seizures, Double(seizures))
        set(.genuinePurchases, Double(genuine))
        set(.evidenceSources, Double(sources.count))

        // Shared infrastructure, one per entity (per place for addresses, per folded group for
        // identifiers), as the assembler marked it.
        var accounts = 0, workshops = 0
        var places = Set<Int64>()
        for member in ring.members {
            switch member.role {
            case "shared_payout_account": accounts += 1
            case "shared_supplier": workshops += 1
            case "shared_return_address", "shared_registration_address", "shared_ship_from_address":
                places.insert(Int64(member.place ?? member.entity))
            default: break
            }
        }
        let identifiers = ring.sharedIdentifiers().reduce(0) { $0 + $1.count }
        set(.sharedPayoutAccounts, Double(accounts))
        set(.sharedAddresses, Double(places.count))
        set(.sharedIdentifiers, Double(identifiers))
        set(.sharedWorkshops, Double(workshops))
        set(.transfers, Double(ring.links.filter { $0.relation == .transfersTo }.count))
        set(.sharedPerSeller, Double(accounts + places.count + identifiers + workshops) / Double(max(1, ring.sellers.count)))
        set(.hubLinksPerStorefront, Double(ring.hubs.reduce(0) { $0 + $1.ringLinks }) / Double(storefrontCount))

        // Listings: price against retail, units sold.
        var ratios: [Double] = []
        var units: Int64 = 0
        let listings = network.listings
        for storefront in ring.storefronts where Int(storefront) < listings.byStorefront.rowCount {
            for listing in listings.byStorefront[storefront] {
                let price = listings.prices[Int(listing)], msrp = listings.msrps[Int(listing)]
                if price.isFinite, msrp.isFinite, msrp > 0, price >= 0 { ratios.append(price / msrp) }
                units += max(0, listings.unitsSold[Int(listing)])
            }
        }
        if let median = Self.median(ratios) { set(.medianPriceRatio, median) }
        set(.unitsSoldPerStorefront, log1p(Double(units) / Double(storefrontCount)))

        // Dates: account age and storefront opening bursts.
        if let referenceDay {
            let ages = ring.sellers.map { registeredOn[Int($0)] }.filter { $0 != Dates.unknown }.map { Double(referenceDay - $0) }
            if let median = Self.median(ages) { set(.medianAccountAgeDays, median) }
        }
        let openings = ring.storefronts.map { openedOn[Int($0)] }.filter { $0 != Dates.unknown }.sorted()
        if openings.count >= 2 {
            var best = 1, start = 0
            for end in openings.indices {
                while openings[end] - openings[start] > Self.burstWindowDays { start += 1 }
                best = max(best, end - start + 1)
            }
            set(.openingBurstShare, Double(best) / Double(openings.count))
        }
        if let linkedConfirmedCases { set(.linkedConfirmedCases, Double(linkedConfirmedCases)) }
        return values
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
