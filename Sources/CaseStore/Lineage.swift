/// Which case each ring of a new run continues: the matching of rings to the cases of earlier
/// runs by the entities they share.
///
/// **Similarity.** A ring and a case (its latest ring) are compared kind by kind over the
/// entities they hold: sellers, storefronts, payout accounts, addresses, workshops and any other
/// kind the dataset has (identifiers). The similarity is a weighted Jaccard index,
///
///     Σₖ wₖ · |ring ∩ case|ₖ  /  Σₖ wₖ · |ring ∪ case|ₖ,
///
/// with weights (``Weights``) that count a payout account or a workshop three times a seller: an
/// operator replaces storefronts and the sellers fronting them far more easily than a bank
/// account or a workshop. It is 1 for the same ring, about 0.67 for a ring of ten that swapped
/// two sellers, 0.5 for a ring that doubled, and near 0 for two rings that only buy from one
/// shared workshop.
///
/// **Assignment**, one-to-one and deterministic, in three passes:
/// 1. *Continuation*: pairs of similarity ≥ ``Weights/continuation`` (0.2), best first (ties: the
///    lower case id, then the better-ranked ring); each ring and each case is taken once. A ring
///    that continues a raided or closed case re-emerges it.
/// 2. *Re-emergence*: a ring still unmatched that holds what a raided or closed case held, and
///    what the previous run saw in no other ring (it came back rather than never left) —
///    workshops and payout accounts (3 points each), return addresses, identifiers such as phones
///    and the workshop's site (2; a factory site 3), other addresses (1) — worth at least
///    ``Weights/reEmergence`` points (3: one workshop or one account, or two return addresses),
///    re-emerges that case, however new its sellers. Best by points, then similarity.
/// 3. *New cases*: a ring still unmatched that has evidence of counterfeiting opens a case; a
///    cluster without it (a family business) opens none.
///
/// Other pairs of similarity ≥ ``Weights/link`` (0.1) are recorded: a new case that took part of
/// a continuing case's members is *split from* it; a case not continued whose members went to a
/// ring that continues another case is *merged into* that case; the rest are *related*, as are a
/// new ring and a live case sharing re-emergence points (one workshop supplying two rings).
///
/// Greedy best-first assignment is what an investigator would do by hand and is stable under
/// small changes; an optimal (Hungarian) assignment would trade one strong continuation for two
/// weaker ones, which is rarely the lineage an analyst means.
///
/// - Complexity: O(m · c) for m ring members and c cases holding each member (almost always 1),
///   plus O(p log p) to sort the p candidate pairs.
public struct Lineage: Sendable {
    /// The weights and thresholds of the matching; see the type's documentation.
    public struct Weights: Sendable {
        /// Weight of one entity of a kind in the similarity.
        public var kinds: [String: Double] = ["seller": 1, "storefront": 1, "payment_account": 3, "address": 2, "factory": 3]
        /// Weight of a kind not listed (identifiers, and any kind added later).
        public var otherKind = 2.0
        /// Least similarity for a ring to continue a case.
        public var continuation = 0.2
        /// Least similarity for a split, merge or related case to be recorded.
        public var link = 0.1
        /// Least points of returning infrastructure for a raided or closed case to re-emerge.
        public var reEmergence = 3.0

        public init() {}

        func weight(_ kind: String) -> Double { kinds[kind] ?? otherKind }

        /// What an entity coming back says about the operation behind it.
        func comeBackPoints(kind: String, role: String) -> Double {
            switch kind {
            case "seller", "storefront": 0
            case "factory", "payment_account": 3
            case "address": role == "factory_site" ? 3 : (role.contains("return") ? 2 : 1)
            default: 2
            }
        }
    }

    /// A case as the matching sees it: its id, status and the members of its latest ring.
    public struct Candidate: Sendable {
        public var caseID: CaseID
        public var status: CaseStatus
        public var members: [RingSnapshot.Member]
        /// Its members that the previous run saw in another ring than the case's: they never
        /// left, so they cannot come back (a workshop that also supplied a cluster the raid did
        /// not touch).
        public var heldElsewhere: Set<EntityRef>

        public init(caseID: CaseID, status: CaseStatus, members: [RingSnapshot.Member], heldElsewhere: Set<EntityRef> = []) {
            self.caseID = caseID
            self.status = status
            self.members = members
            self.heldElsewhere = heldElsewhere
        }
    }

    public enum Relation: String, Sendable, CaseIterable {
        case opens
        case continues
        case reEmerges = "re_emerges"
        case splitFrom = "split_from"
        case mergedInto = "merged_into"
        case related
    }

    /// What a ring and a case share.
    public struct Overlap: Sendable {
        /// Per kind: (shared, the ring's count, the case's count).
        public var counts: [(kind: String, shared: Int, ring: Int, case: Int)]
        public var similarity: Double
        /// Shared entities that say the operation came back (workshops, accounts, addresses, identifiers).
        public var cameBack: [RingSnapshot.Member]
        public var points: Double
    }

    /// The case a ring holds after matching, and why.
    public struct Match: Sendable {
        /// The case it continues or re-emerges; nil when it opens a new case or holds none.
        public var caseID: CaseID?
        public var relation: Relation?
        public var overlap: Overlap?
        /// "continues C-2026-0042: 41 of 47 sellers, 3 of 3 payout accounts, the same workshop".
        public var explanation: String
    }

    /// A recorded relation other than a ring's own case (split, merge, related).
    public struct Link: Sendable {
        public var ring: Int
        public var caseID: CaseID
        public var relation: Relation
        public var similarity: Double
        public var explanation: String
    }

    /// Per ring (in the order given): its match. `opens` marks a ring that opens a new case.
    public var matches: [Match]
    public var links: [Link]

    /// Matches `rings` (rank order) to `candidates` (cases sharing at least one entity with some ring).
    public init(rings: [RingSnapshot], candidates: [Candidate], weights: Weights = Weights()) {
        var holders: [EntityRef: [Int32]] = [:]
        for (index, candidate) in candidates.enumerated() {
            for member in candidate.members { holders[member.entity, default: []].append(Int32(index)) }
        }
        let caseCounts = candidates.map { Lineage.kindCounts($0.members) }

        // Every (ring, case) pair that shares something, with its overlap.
        struct Pair { var ring: Int; var candidate: Int; var overlap: Overlap }
        var pairs: [Pair] = []
        for (ringIndex, ring) in rings.enumerated() {
            var shared: [Int32: [RingSnapshot.Member]] = [:]
            for member in ring.members {
                for candidate in holders[member.entity] ?? [] { shared[candidate, default: []].append(member) }
            }
            let ringCounts = Lineage.kindCounts(ring.members)
            for (candidate, members) in shared {
                pairs.append(Pair(ring: ringIndex, candidate: Int(candidate),
                                  overlap: Lineage.overlap(shared: members, ring: ringCounts, case: caseCounts[Int(candidate)], weights: weights,
                                                           heldElsewhere: candidates[Int(candidate)].heldElsewhere)))
            }
        }

        var matches = [Match?](repeating: nil, count: rings.count)
        var taken = [Bool](repeating: false, count: candidates.count)
        func better(_ a: Pair, _ b: Pair, _ key: (Pair) -> Double) -> Bool {
            let (x, y) = (key(a), key(b))
            if x != y { return x > y }
            if a.overlap.similarity != b.overlap.similarity { return a.overlap.similarity > b.overlap.similarity }
            let (left, right) = (candidates[a.candidate].caseID, candidates[b.candidate].caseID)
            return left != right ? left < right : a.ring < b.ring
        }

        // 1. Continuation.
        let continuing = pairs.filter { $0.overlap.similarity >= weights.continuation }.sorted { better($0, $1, \.overlap.similarity) }
        for pair in continuing where matches[pair.ring] == nil && !taken[pair.candidate] {
            let candidate = candidates[pair.candidate]
            let relation: Relation = candidate.status.canReEmerge ? .reEmerges : .continues
            matches[pair.ring] = Match(caseID: candidate.caseID, relation: relation, overlap: pair.overlap,
                                       explanation: Lineage.explain(relation, candidate, pair.overlap))
            taken[pair.candidate] = true
        }
        // 2. Re-emergence of raided and closed cases.
        let returning = pairs.filter { candidates[$0.candidate].status.canReEmerge && $0.overlap.points >= weights.reEmergence }
            .sorted { better($0, $1, \.overlap.points) }
        for pair in returning where matches[pair.ring] == nil && !taken[pair.candidate] {
            let candidate = candidates[pair.candidate]
            matches[pair.ring] = Match(caseID: candidate.caseID, relation: .reEmerges, overlap: pair.overlap,
                                       explanation: Lineage.explain(.reEmerges, candidate, pair.overlap))
            taken[pair.candidate] = true
        }
        // 3. New cases, and the relations worth recording.
        var links: [Link] = []
        let byRing = Dictionary(grouping: pairs, by: \.ring)
        for (ringIndex, ring) in rings.enumerated() {
            let own = matches[ringIndex]?.caseID
            let firstLink = links.count
            var related: [Pair] = []
            for pair in byRing[ringIndex] ?? [] where candidates[pair.candidate].caseID != own {
                if pair.overlap.similarity >= weights.link || pair.overlap.points >= weights.reEmergence { related.append(pair) }
            }
            related.sort { better($0, $1, \.overlap.similarity) }
            for pair in related {
                let candidate = candidates[pair.candidate]
                let relation: Relation
                if pair.overlap.similarity < weights.link {
                    relation = .related
                } else if own == nil && ring.opensCase && taken[pair.candidate] {
                    relation = .splitFrom
                } else if own != nil && !taken[pair.candidate] {
                    relation = .mergedInto
                } else {
                    relation = .related
                }
                links.append(Link(ring: ringIndex, caseID: candidate.caseID, relation: relation, similarity: pair.overlap.similarity,
                                  explanation: Lineage.explain(relation, candidate, pair.overlap)))
            }
            if matches[ringIndex] == nil {
                if ring.opensCase {
                    let split = links[firstLink...].last { $0.relation == .splitFrom }
                    matches[ringIndex] = Match(caseID: nil, relation: .opens, overlap: nil,
                                               explanation: split.map { "opens a new case, split from \($0.caseID): \($0.explanation)" }
                                                   ?? "opens a new case: no earlier case shares enough of its sellers or infrastructure")
                } else {
                    matches[ringIndex] = Match(caseID: nil, relation: nil, overlap: nil, explanation: "")
                }
            }
        }
        self.matches = matches.map { $0! }
        self.links = links
    }

    static func kindCounts(_ members: [RingSnapshot.Member]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for member in members { counts[member.entity.kind, default: 0] += 1 }
        return counts
    }

    static func overlap(shared: [RingSnapshot.Member], ring: [String: Int], case caseCounts: [String: Int], weights: Weights,
                        heldElsewhere: Set<EntityRef> = []) -> Overlap {
        var sharedCounts: [String: Int] = [:]
        var cameBack: [RingSnapshot.Member] = []
        var points = 0.0
        for member in shared {
            sharedCounts[member.entity.kind, default: 0] += 1
            let value = weights.comeBackPoints(kind: member.entity.kind, role: member.role)
            if value > 0 && !heldElsewhere.contains(member.entity) {
                cameBack.append(member)
                points += value
            }
        }
        let kinds = Set(ring.keys).union(caseCounts.keys).sorted { EntityRef(kind: $0, id: "") < EntityRef(kind: $1, id: "") }
        var intersection = 0.0, union = 0.0
        var counts: [(kind: String, shared: Int, ring: Int, case: Int)] = []
        for kind in kinds {
            let both = sharedCounts[kind] ?? 0, inRing = ring[kind] ?? 0, inCase = caseCounts[kind] ?? 0
            intersection += weights.weight(kind) * Double(both)
            union += weights.weight(kind) * Double(inRing + inCase - both)
            counts.append((kind, both, inRing, inCase))
        }
        return Overlap(counts: counts, similarity: union > 0 ? intersection / union : 0, cameBack: cameBack.sorted { $0.entity < $1.entity }, points: points)
    }

    /// The sentence an analyst reads for a relation.
    static func explain(_ relation: Relation, _ candidate: Candidate, _ overlap: Overlap) -> String {
        switch relation {
        case .reEmerges:
            let newSellers = overlap.counts.first { $0.kind == "seller" }.map { $0.ring - $0.shared } ?? 0
            let total = overlap.counts.first { $0.kind == "seller" }?.ring ?? 0
            let behind = newSellers == total ? "behind \(EntityNouns.counted(newSellers, "seller")), all new" : "behind \(total) sellers, \(newSellers) of them new"
            return "re-emerges \(candidate.caseID) (\(candidate.status.rawValue)): \(cameBackList(overlap.cameBack)) came back \(behind)"
        case .continues:
            return "continues \(candidate.caseID): \(sharedList(overlap))"
        case .opens:
            return "opens a new case"
        case .splitFrom:
            return "split from \(candidate.caseID): \(sharedList(overlap))"
        case .mergedInto:
            return "took in \(candidate.caseID), not continued on its own: \(sharedList(overlap))"
        case .related:
            return overlap.similarity > 0 && overlap.cameBack.isEmpty
                ? "shares with \(candidate.caseID): \(sharedList(overlap))"
                : "shares with \(candidate.caseID) (\(candidate.status.rawValue)): \(cameBackList(overlap.cameBack))"
        }
    }

    /// "41 of 47 sellers, 3 of 3 payout accounts, the same workshop; 6 new sellers".
    static func sharedList(_ overlap: Overlap) -> String {
        var parts: [String] = []
        for count in overlap.counts where count.shared > 0 {
            if count.kind == "factory" && count.shared == count.case {
                parts.append(count.case == 1 ? "the same workshop" : "the same \(count.case) workshops")
            } else {
                parts.append("\(count.shared) of \(EntityNouns.counted(count.case, count.kind))")
            }
        }
        var text = parts.isEmpty ? "nothing in common" : parts.joined(separator: ", ")
        if let sellers = overlap.counts.first(where: { $0.kind == "seller" }) {
            let added = sellers.ring - sellers.shared, gone = sellers.case - sellers.shared
            var changes: [String] = []
            if added > 0 { changes.append("\(added) new \(EntityNouns.noun("seller", count: added))") }
            if gone > 0 { changes.append("\(gone) \(EntityNouns.noun("seller", count: gone)) gone") }
            if !changes.isEmpty { text += "; " + changes.joined(separator: ", ") }
        }
        return text
    }

    /// "the workshop FA1, payout accounts PA2 and PA3, return address AD9".
    static func cameBackList(_ members: [RingSnapshot.Member]) -> String {
        var parts: [String] = []
        var kinds: [String] = []
        for member in members where !kinds.contains(member.entity.kind) { kinds.append(member.entity.kind) }
        for kind in kinds {
            let ids = members.filter { $0.entity.kind == kind }
            var noun = EntityNouns.noun(kind, count: ids.count)
            if kind == "address" {
                let returns = ids.allSatisfy { $0.role.contains("return") }
                let sites = ids.allSatisfy { $0.role == "factory_site" }
                noun = (returns ? "return " : sites ? "workshop site " : "") + noun
                if sites { noun = ids.count == 1 ? "workshop site" : "workshop sites" }
            }
            let shown = ids.prefix(5).map(\.entity.id)
            let list = ids.count > 5 ? shown.joined(separator: ", ") + " and \(ids.count - 5) more"
                : shown.count <= 1 ? shown.joined() : shown.dropLast().joined(separator: ", ") + " and " + shown.last!
            parts.append((kind == "factory" && ids.count == 1 ? "the workshop" : noun) + " " + list)
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}
