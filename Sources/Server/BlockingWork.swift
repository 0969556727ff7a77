import Dispatch

/// Where the workspace does its blocking work: SQLite reads and writes, run-folder files, `verify`,
/// and the rendering of pages.
///
/// Hummingbird runs route handlers as tasks on Swift concurrency's cooperative threads (one per
/// core) and NIO's event loops do the sockets; a handler that blocks one of those threads for a
/// 30 ms case page holds up every other request's reading and writing behind it. Handlers hand
/// such work to this queue (libdispatch threads, which grow when one blocks in a system call)
/// and wait for it without holding a thread: a cheap request (a queue page already rendered) is
/// answered while case pages are being built.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "ringscope.serve.blocking", qos: .userInitiated, attributes: .concurrent)

    /// The result of `body`, run on the blocking queue; its error is rethrown.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
