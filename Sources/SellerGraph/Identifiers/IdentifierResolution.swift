import Parallel

/// The identifiers of a dataset folded and grouped: rows of one kind whose values fold to the
/// same key (``FoldedIdentifier``) are one identifier, represented by the first of them in file
/// order. What the projection links through, and what `ringscope resolve` shows.
///
/// - Complexity: O(n) folds and dictionary inserts for n identifiers.
public struct IdentifierResolution: Sendable {
    /// One identifier row taken for the same identifier as an earlier row, and why.
    public struct Merge: Sendable, Equatable {
        /// The group's first row (its representative) and the row merged into it.
        public var first: Int32
        public var second: Int32
        public var kind: IdentifierKind
        /// The folded value both share.
        public var key: String
        /// How each was read.
        public var firstReason: String
        public var secondReason: String

        public var summary: String { "both are \(kind.title) \(key)" }
    }

    /// For each identifier, the index of its group's representative (the first row of the group).
    public var representative: [Int32]
    /// For each identifier, whether it can link sellers at all (a private IP address cannot).
    public var linkable: [Bool]
    /// Each identifier as folded (nil where the value was empty) — kept only when the
    /// resolution was made `explaining` its merges; empty otherwise.
    public var folded: [FoldedIdentifier?]
    /// Every row that joined an earlier one, in row order — only when `explaining`.
    public var merges: [Merge]

    /// - Parameters:
    ///   - threads: threads folding the values (the result is the same for any number).
    ///   - explaining: keep every folded value and the merges with their reasons (for
    ///     `ringscope resolve`). A run does not: at 1M sellers that is ~3M folded keys and
    ///     reasons held for the whole run only to be read for a few referred rings, which fold
    ///     theirs again (``FoldedIdentifier/fold(_:kind:)``).
    public init(network: SellerNetwork, threads: Int = 1, explaining: Bool = false) {
        let table = network.table(.identifier)
        self.init(kinds: table.identifierKinds, values: table.identifierValues, threads: threads, explaining: explaining)
    }

    /// Resolves identifiers given column-wise.
    ///
    /// The values are folded on `threads` threads in blocks of 4,096 (folding is String work, a
    /// quarter of a 200k-seller `analyze` by `perf`); grouping them then runs in row order.
    public init(kinds: [IdentifierKind], values: [String], threads: Int = 1, explaining: Bool = true) {
        struct Key: Hashable { var kind: IdentifierKind; var key: String }
        let block = 4_096
        let folded: [FoldedIdentifier?] = concurrentMap((kinds.count + block - 1) / block, threads: threads) { part in
            (part * block ..< min(kinds.count, (part + 1) * block)).map { FoldedIdentifier.fold(values[$0], kind: kinds[$0]) }
        }.flatMap { $0 }
        var first: [Key: Int32] = [:]
        var representative: [Int32] = []
        var merges: [Merge] = []
        representative.reserveCapacity(kinds.count)
        for index in kinds.indices {
            let result = folded[index]
            guard let result else { representative.append(Int32(index)); continue }
            let key = Key(kind: kinds[index], key: result.key)
            if let earlier = first[key] {
                representative.append(earlier)
                if explaining {
                    merges.append(Merge(first: earlier, second: Int32(index), kind: kinds[index], key: result.key,
                                        firstReason: folded[Int(earlier)]?.reason ?? "", secondReason: result.reason))
                }
            } else {
                first[key] = Int32(index)
                representative.append(Int32(index))
            }
        }
        self.representative = representative
        self.linkable = folded.map { $0?.isLinkable ?? false }
        self.folded = explaining ? folded : []
        self.merges = merges
    }

    /// Whether the identifier can link sellers at all (a private IP address cannot).
    public func isLinkable(_ identifier: Int32) -> Bool { linkable[Int(identifier)] }

    /// The number of distinct identifiers after folding.
    public var groupCount: Int { representative.enumerated().filter { Int($0.element) == $0.offset }.count }
}
