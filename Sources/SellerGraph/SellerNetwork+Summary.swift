/// Counts and likely hubs of a loaded dataset, as `ringscope validate` prints them.
public struct NetworkSummary: Sendable {
    public struct Hub: Sendable {
        public var kind: EntityKind
        public var id: String
        public var degree: Int
        /// The distinct storefronts (or, for a registration address, sellers) using it.
        public var label: String
    }

    public var entityCounts: [(EntityKind, Int)]
    public var relationCounts: [(Relation, Int)]
    public var evidenceCounts: [(EvidenceKind, Int)]
    public var listingCount: Int
    /// The ten highest-degree addresses, payment accounts and factories, highest first.
    public var hubs: [EntityKind: [Hub]]

    public var text: String {
        var lines: [String] = []
        lines.append("entities")
        for (kind, count) in entityCounts { lines.append("  \(kind.rawValue.padding(20))\(count)") }
        lines.append("links")
        for (relation, count) in relationCounts { lines.append("  \(relation.rawValue.padding(20))\(count)") }
        lines.append("evidence")
        for (kind, count) in evidenceCounts { lines.append("  \(kind.rawValue.padding(24))\(count)") }
        lines.append("listings              \(listingCount)")
        for kind in [EntityKind.address, .paymentAccount, .factory, .identifier] {
            guard let top = hubs[kind], !top.isEmpty else { continue }
            lines.append("highest-degree \(kind.plural) (likely hubs)")
            for hub in top { lines.append("  \(terminalSafe(hub.id).padding(20)) \(String(hub.degree).padding(8)) \(hub.label)") }
        }
        return lines.joined(separator: "\n")
    }
}

extension SellerNetwork {
    /// Counts per entity kind, relation and evidence kind, and the ten likeliest hubs of each
    /// infrastructure kind (by number of links). Ties are broken by id, so the output is stable.
    public func summary(hubsPerKind: Int = 10) -> NetworkSummary {
        var evidenceCounts = [Int](repeating: 0, count: EvidenceKind.allCases.count)
        for record in evidence { evidenceCounts[record.kind.index] += 1 }
        var hubs: [EntityKind: [NetworkSummary.Hub]] = [:]
        for kind in [EntityKind.address, .paymentAccount, .factory, .identifier] {
            var degrees: [(Int, Int32)] = []
            for entity in 0 ..< Int32(count(of: kind)) {
                let degree = degree(of: kind, entity)
                if degree > 0 { degrees.append((degree, entity)) }
            }
            degrees.sort { $0.0 != $1.0 ? $0.0 > $1.0 : id(kind, $0.1).precedesInBytes(id(kind, $1.1)) }
            hubs[kind] = degrees.prefix(hubsPerKind).map { degree, entity in
                var parts: [String] = []
                for relation in Relation.allCases where relation.targetKind == kind {
                    let used = links(relation).backward.degree(of: entity)
                    if used > 0 { parts.append("\(relation.rawValue) \(used)") }
                }
                for relation in Relation.allCases where relation.sourceKind == kind {
                    let used = links(relation).forward.degree(of: entity)
                    if used > 0 { parts.append("\(relation.rawValue) (out) \(used)") }
                }
                return NetworkSummary.Hub(kind: kind, id: id(kind, entity), degree: degree, label: parts.joined(separator: ", "))
            }
        }
        return NetworkSummary(
            entityCounts: EntityKind.allCases.map { ($0, count(of: $0)) },
            relationCounts: Relation.allCases.map { ($0, links($0).count) },
            evidenceCounts: EvidenceKind.allCases.map { ($0, evidenceCounts[$0.index]) },
            listingCount: listings.count,
            hubs: hubs)
    }
}

extension String {
    /// The string padded with spaces to `width` characters (for aligned console tables).
    public func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
