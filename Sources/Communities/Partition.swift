/// An assignment of every node to exactly one community, numbered canonically.
///
/// Community numbers are `0 ..< communityCount` in the order of each community's smallest
/// node: node 0 is always in community 0, the first node not in community 0 opens community 1,
/// and so on. Two partitions that group nodes alike therefore compare equal and print
/// identically, whatever labels produced them.
public struct Partition: Sendable, Equatable {
    /// The community of each node, canonical (see the type's summary).
    public var membership: [Int32]
    /// Number of communities.
    public var communityCount: Int

    /// Creates a partition from any labels (negative labels are allowed), renumbering them
    /// canonically.
    /// - Complexity: O(n) expected.
    public init<Labels: Sequence>(labels: Labels) where Labels.Element: BinaryInteger {
        var numbers: [Int64: Int32] = [:]
        var membership: [Int32] = []
        membership.reserveCapacity(labels.underestimatedCount)
        for label in labels {
            let key = Int64(label)
            if let number = numbers[key] {
                membership.append(number)
            } else {
                let number = Int32(numbers.count)
                numbers[key] = number
                membership.append(number)
            }
        }
        self.membership = membership
        self.communityCount = numbers.count
    }

    /// Creates a partition from labels already in `0 ..< bound`, renumbering canonically
    /// without hashing.
    /// - Complexity: O(n + bound).
    init(labels: [Int32], bound: Int) {
        var numbers = [Int32](repeating: -1, count: bound)
        var membership = [Int32](repeating: 0, count: labels.count)
        var count: Int32 = 0
        for node in 0 ..< labels.count {
            let label = Int(labels[node])
            if numbers[label] < 0 {
                numbers[label] = count
                count += 1
            }
            membership[node] = numbers[label]
        }
        self.membership = membership
        self.communityCount = Int(count)
    }

    /// The partition that puts every node of `0 ..< nodeCount` in a community of its own.
    public static func singletons(nodeCount: Int) -> Partition {
        Partition(labels: (0 ..< nodeCount).map { Int32($0) }, bound: nodeCount)
    }

    /// Number of nodes.
    public var nodeCount: Int { membership.count }

    /// The community of `node`.
    public func community(of node: Int) -> Int32 { membership[node] }

    /// The nodes of `community`, ascending.
    /// - Complexity: O(n).
    public func members(of community: Int32) -> [Int] {
        membership.indices.filter { membership[$0] == community }
    }

    /// The nodes of every community, ascending within each, communities in canonical order.
    /// - Complexity: O(n).
    public var communities: [[Int]] {
        var result = [[Int]](repeating: [], count: communityCount)
        for (node, community) in membership.enumerated() { result[Int(community)].append(node) }
        return result
    }

    /// Number of nodes in each community, indexed by community.
    public var sizes: [Int] {
        var result = [Int](repeating: 0, count: communityCount)
        for community in membership { result[Int(community)] += 1 }
        return result
    }
}
