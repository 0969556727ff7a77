import Foundation

extension RingFeature {
    /// The ring's value of this feature in words, for "why this rank": "confirmed fakes on 6 of
    /// 18 storefronts", "listings at 31 % of retail (median)". `row` is the ring's whole feature
    /// row in column order (shares are turned back into counts of its storefronts).
    public func phrase(in row: [Float]) -> String {
        let value = Double(row[column])
        guard value.isFinite else { return summary + ": not known" }
        let storefronts = Double(row[RingFeature.storefronts.column])
        func count(_ number: Double, _ word: String, _ plural: String? = nil) -> String {
            let whole = Int(number.rounded())
            return "\(whole) \(whole == 1 ? word : plural ?? word + "s")"
        }
        func ofStorefronts(_ what: String) -> String {
            guard storefronts.isFinite, storefronts > 0 else { return String(format: "%@ on %.0f %% of storefronts", what, value * 100) }
            return "\(what) on \(Int((value * storefronts).rounded())) of \(count(storefronts, "storefront"))"
        }
        switch self {
        case .sellers: return count(value, "seller")
        case .storefronts: return count(value, "storefront")
        case .confirmedFakeShare: return ofStorefronts("confirmed fakes")
        case .seizures: return count(value, "seizure")
        case .takedownShare: return ofStorefronts("takedowns")
        case .complaintShare: return ofStorefronts("brand complaints")
        case .priceAnomalyShare: return ofStorefronts("price anomalies")
        case .keywordMatchShare: return ofStorefronts("counterfeit-keyword matches")
        case .genuinePurchases: return count(value, "genuine test purchase")
        case .evidenceSources: return "reported by " + count(value, "independent source")
        case .sharedPayoutAccounts: return count(value, "shared payout account")
        case .sharedAddresses: return count(value, "shared address", "shared addresses")
        case .sharedIdentifiers: return count(value, "shared identifier") + " (phones, e-mails, messaging ids)"
        case .sharedWorkshops: return count(value, "shared workshop or supplier", "shared workshops or suppliers")
        case .transfers: return count(value, "money transfer") + " between ring accounts"
        case .sharedPerSeller: return String(format: "%.1f shared entities per seller", value)
        case .hubLinksPerStorefront: return String(format: "%.1f hub links per storefront", value)
        case .medianPriceRatio: return String(format: "listings at %.0f %% of retail (median)", value * 100)
        case .unitsSoldPerStorefront: return String(format: "%.0f units sold per storefront", expm1(value))
        case .medianAccountAgeDays: return "seller accounts " + count(value, "day") + " old (median)"
        case .openingBurstShare: return String(format: "%.0f %% of storefronts opened within %d days", value * 100, Int(RingFeatureExtractor.burstWindowDays))
        case .linkedConfirmedCases: return "shares entities with " + count(value, "earlier case") + " confirmed counterfeit"
        }
    }
}

extension LearnedModel.RingScore {
    /// Each contribution as a sentence, in the order of ``contributions`` (largest first): the
    /// ring's value in words, then its contribution in log-odds with its sign, "confirmed fakes
    /// on 6 of 18 storefronts +0.31", "2 genuine test purchases −0.08".
    public func sentences() -> [String] {
        var row = [Float](repeating: .nan, count: RingFeature.allCases.count)
        for part in contributions { row[part.feature.column] = part.value }
        return contributions.map { part in part.feature.phrase(in: row) + " " + Self.signed(part.logOdds) }
    }

    /// "+0.31", "−0.08" (a true minus sign), "±0.00" for a contribution that rounds to zero.
    public static func signed(_ logOdds: Double) -> String {
        let text = String(format: "%.2f", abs(logOdds))
        if text == "0.00" { return "±0.00" }
        return (logOdds > 0 ? "+" : "\u{2212}") + text
    }
}
