import Dispatch
import Foundation

/// Where the workspace does its blocking work: SQLite reads and writes, run-folder files, `verify`,
/// and the rendering of pages.
///
/// Hummingbird runs route handlers as tasks on Swift concurrency's cooperative threads (one per
/// core) and NIO's event loops do the sockets; a handler that blocks one of those threads for a
/// 30 ms case page holds up every other request's reading and writing behind it. Handlers hand
/// such work to this queue and wait for it without holding a thread.
///
/// At most as many bodies run at once as the machine has cores, the others wait their turn in
/// arrival order. Unbounded, 20 clients asking 20 pages not built yet had 20 threads share two
/// cores: every page took twenty times as long and the slowest waited over a second
/// (`Benchmarks/workspace.sh`, first visits, p99 1.13 s with 20 timeouts on 9,506 cases); in
/// turn, each waits only for the pages asked before it.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "ringscope.serve.blocking", qos: .userInitiated, attributes: .concurrent)
    private static let gate = Gate(width: ProcessInfo.processInfo.activeProcessorCount)

    /// The result of `body`, run on the blocking queue once the gate lets it in; its error is
    /// rethrown.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        await gate.enter()
        defer { gate.leave() }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// A first-come, first-served limit on how many tasks hold it at once. Waiting tasks hold no
/// thread.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var head = 0

    init(width: Int) {
        free = max(1, width)
    }

    /// Returns when the caller holds one of the gate's places; callers are let in in the order
    /// they asked.
    func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if free > 0 {
                free -= 1
                lock.unlock()
                continuation.resume()
            } else {
                waiting.append(continuation)
                lock.unlock()
            }
        }
    }

    /// How many tasks wait for a place (for tests).
    var waitingCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return waiting.count - head
    }

    /// Gives the caller's place to the longest-waiting task, or back to the gate.
    func leave() {
        lock.lock()
        guard head < waiting.count else {
            free += 1
            lock.unlock()
            return
        }
        let next = waiting[head]
        head += 1
        if head == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            head = 0
        }
        lock.unlock()
        next.resume()
    }
}
