/// Bounds on one diagram's layout, so that rendering always finishes.
///
/// `dot` can run for minutes or hours on some graphs, and Graphviz cannot cancel a layout
/// in process. The bounds are layered:
/// 1. size caps (`maxNodes`, `maxEdges`): larger graphs are refused by `DiagramRenderer`
///    (`RingDiagram` collapses rings to fit before it gets there);
/// 2. iteration limits set on every graph (`nslimit`, `nslimit1`, `mclimit`,
///    `searchsize` for dot; `maxiter` for neato, fdp and sfdp) unless the graph sets them;
/// 3. `dot` only up to `maxDotNodes` nodes, `sfdp` above;
/// 4. a CPU-time limit: with `isolatesLayout`, each layout runs in a child process that the
///    kernel stops after `secondsPerLayout` seconds of CPU (not wall-clock time, so that a
///    busy machine does not change which layout a diagram gets, and so its bytes; a stuck
///    child is killed after 10 × that + 60 s of wall-clock time); then the renderer falls back to `sfdp` with a
///    simpler style (no edge labels, straight edges), then to a grid of pinned positions
///    (which gets at least 10 s). The worst case is therefore about
///    `2 × secondsPerLayout + max(secondsPerLayout, 10)` seconds.
public struct LayoutBudget: Sendable, Equatable {
    /// Most nodes a diagram may have.
    public var maxNodes: Int
    /// Most edges a diagram may have.
    public var maxEdges: Int
    /// Most nodes laid out with `dot`; bigger graphs asking for dot get `sfdp`.
    public var maxDotNodes: Int
    /// Seconds of CPU one layout attempt may use before it is stopped (only with
    /// `isolatesLayout`; under a second, wall-clock seconds).
    public var secondsPerLayout: Double
    /// Lay out in a child process that can be killed (true), or in this process with no
    /// wall-clock limit (false; the size caps and iteration limits still apply).
    public var isolatesLayout: Bool

    public init(maxNodes: Int = 400, maxEdges: Int = 1_500, maxDotNodes: Int = 250, secondsPerLayout: Double = 20, isolatesLayout: Bool = true) {
        precondition(maxNodes > 0 && maxEdges >= 0 && maxDotNodes >= 0 && secondsPerLayout > 0, "budget must be positive")
        self.maxNodes = maxNodes
        self.maxEdges = maxEdges
        self.maxDotNodes = maxDotNodes
        self.secondsPerLayout = secondsPerLayout
        self.isolatesLayout = isolatesLayout
    }

    /// 400 nodes, 1,500 edges, dot up to 250 nodes, 20 s per attempt, in a child process.
    public static let `default` = LayoutBudget()
}
