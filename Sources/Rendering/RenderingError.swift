/// An error from building, laying out or rendering a diagram.
///
/// Modelled on GRDB's `DatabaseError`: it says what failed and carries Graphviz's own
/// message, and its `description` reads as one line that a person can act on.
public struct RenderingError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The graph description is inconsistent (an edge names a node that does not exist…).
        case invalidGraph = "invalid graph"
        /// Graphviz could not create its context or load its plugins.
        case unavailable = "graphviz unavailable"
        /// The layout engine failed.
        case layoutFailed = "layout failed"
        /// The layout ran past its time budget and was stopped.
        case layoutTimedOut = "layout timed out"
        /// A format could not be rendered.
        case renderFailed = "render failed"
        /// The operating system refused a pipe, a fork or a read.
        case system = "system error"
    }

    /// What failed.
    public var kind: Kind
    /// What happened, in words; for Graphviz failures, Graphviz's own message.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String {
        "rendering: error: \(kind.rawValue): \(message)"
    }
}
