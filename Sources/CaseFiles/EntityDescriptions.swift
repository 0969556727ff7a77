import SellerGraph

extension SellerNetwork {
    /// A short human name for an entity: a seller's or storefront's name, an account's holder and
    /// provider, an address's text, a factory's name. `""` when the dataset has none.
    public func displayName(_ kind: EntityKind, _ entity: Int32) -> String {
        let table = table(kind)
        switch kind {
        case .seller, .storefront, .factory:
            return table.attribute("name", of: entity)
        case .paymentAccount:
            let holder = table.attribute("holder_name", of: entity)
            let provider = table.attribute("provider", of: entity)
            return [holder, provider].filter { !$0.isEmpty }.joined(separator: ", ")
        case .address:
            return table.attribute("text", of: entity)
        case .identifier:
            // "phone +86 138-0013-8000": the kind, then the value as written.
            guard Int(entity) < table.identifierKinds.count else { return "" }
            return table.identifierKinds[Int(entity)].title + " " + table.identifierValues[Int(entity)]
        }
    }

    /// "Guangzhou, Guangdong" for entities that have a place.
    public func place(_ kind: EntityKind, _ entity: Int32) -> String {
        let table = table(kind)
        return [table.attribute("city", of: entity), table.attribute("province", of: entity)]
            .filter { !$0.isEmpty }.joined(separator: ", ")
    }
}

/// A number with six decimals at most, trailing zeros dropped; `""` for nan.
func decimal(_ value: Double) -> String {
    guard value.isFinite else { return "" }
    var text = String(format: "%.6f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// A score with one decimal.
func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }

import Foundation
