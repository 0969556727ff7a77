/// Disjoint sets over `0 ..< count`: union–find with path halving. The smaller root wins every
/// union, so each set's root is its smallest member whatever order the unions come in.
/// - Complexity: near-constant amortised per operation (O(α(n)) with union by smaller root in
///   practice; path halving keeps the trees flat).
public struct UnionFind: Sendable {
    private var parent: [Int32]

    public init(count: Int) {
        parent = (0 ..< Int32(count)).map { $0 }
    }

    /// The root of `node`'s set (halving the path on the way).
    public mutating func root(_ node: Int32) -> Int32 {
        var node = node
        while parent[Int(node)] != node {
            parent[Int(node)] = parent[Int(parent[Int(node)])]
            node = parent[Int(node)]
        }
        return node
    }

    /// Joins the sets whose roots are `a` and `b` (both roots, different); returns the root that
    /// stays, the smaller.
    @discardableResult
    public mutating func join(roots a: Int32, _ b: Int32) -> Int32 {
        let (root, child) = a < b ? (a, b) : (b, a)
        parent[Int(child)] = root
        return root
    }

    /// Joins the sets of `a` and `b`.
    public mutating func union(_ a: Int32, _ b: Int32) {
        let rootA = root(a), rootB = root(b)
        if rootA != rootB { join(roots: rootA, rootB) }
    }
}
