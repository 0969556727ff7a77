/// How entity kinds read in explanations ("41 of 47 sellers", "the same workshop"), in the
/// dataset's order. A kind not listed (one added to the dataset format later) reads as its own
/// word with spaces: `phone_number` → "phone number(s)".
enum EntityNouns {
    static let known: [(kind: String, singular: String, plural: String)] = [
        ("seller", "seller", "sellers"),
        ("storefront", "storefront", "storefronts"),
        ("payment_account", "payout account", "payout accounts"),
        ("address", "address", "addresses"),
        ("identifier", "identifier", "identifiers"),
        ("factory", "workshop", "workshops"),
    ]

    static func order(_ kind: String) -> Int {
        known.firstIndex { $0.kind == kind } ?? known.count
    }

    static func noun(_ kind: String, count: Int) -> String {
        if let entry = known.first(where: { $0.kind == kind }) { return count == 1 ? entry.singular : entry.plural }
        let word = kind.replacingOccurrences(of: "_", with: " ")
        return count == 1 ? word : word + "s"
    }

    /// "3 payout accounts", "1 workshop".
    static func counted(_ count: Int, _ kind: String) -> String { "\(count) \(noun(kind, count: count))" }
}
