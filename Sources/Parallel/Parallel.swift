import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The one place where RingScope runs work on several threads. Every user keeps its results
// independent of the thread count: tasks write disjoint memory or return values that are
// put back in task order.

/// A value handed to concurrent tasks that only read it, or touch disjoint parts of it
/// (checked by the callers' design, not by the compiler).
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public var value: Value
    public init(value: Value) { self.value = value }
}

/// Runs `body(task)` for every task in `0 ..< count`: one after the other when `threads` is 1
/// (or there is one task), otherwise on `min(threads, count, ``ThreadLimit/maximum``)` threads,
/// the calling thread being one of them, each taking the next task not yet taken.
///
/// The threads are POSIX threads started for the call and joined before it returns. A thread
/// that cannot be started (the process limit, `ulimit -u`, is reached; memory is short) is
/// simply not there: the threads that did start, at least the caller, run every task. (Dispatch's
/// `concurrentPerform` was used before: when the process limit was reached it retried creating
/// its worker threads forever, and the command hung.)
public func concurrentForEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    let threadCount = min(threads, count, ThreadLimit.maximum)
    if threadCount <= 1 {
        for task in 0 ..< count { body(task) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let work = SharedTasks(count: count, body: body)
        var started: [pthread_t] = []
        for _ in 1 ..< threadCount {
            let context = Unmanaged.passRetained(work).toOpaque()
            var thread = pthread_t()
            guard pthread_create(&thread, nil, { context in
                let work = Unmanaged<SharedTasks>.fromOpaque(context!).takeRetainedValue()
                work.run()
                return nil
            }, context) == 0 else {
                Unmanaged<SharedTasks>.fromOpaque(context).release()
                break
            }
            started.append(thread)
        }
        work.run()
        for thread in started { pthread_join(thread, nil) }
    }
}

/// The most threads RingScope runs at once: 4 × the processor cores. More only cost memory
/// (some tasks keep a buffer per thread) and, past the process limit, threads that cannot start.
public enum ThreadLimit {
    public static let maximum = 4 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// `requested` within 1 ... ``maximum``.
    public static func capped(_ requested: Int) -> Int { min(max(1, requested), maximum) }
}

/// The tasks of one ``concurrentForEach(_:threads:_:)`` call, taken one at a time by its threads.
private final class SharedTasks: @unchecked Sendable {
    let count: Int
    let body: (Int) -> Void
    private let next = Atomic<Int>(0)

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    func run() {
        while true {
            let task = next.add(1, ordering: .relaxed).oldValue
            if task >= count { return }
            body(task)
        }
    }
}

/// `body(task)` for every task in `0 ..< count`, as ``concurrentForEach(_:threads:_:)`` runs
/// them, with the results in task order. If tasks throw, every task still runs and the error
/// of the lowest task is thrown, so which error comes out does not depend on the threads.
public func concurrentMap<T, E: Error>(_ count: Int, threads: Int, _ body: (Int) throws(E) -> T) throws(E) -> [T] {
    let slots = Slots<Result<T, E>>(count)
    concurrentForEach(count, threads: threads) { task in
        slots.set(task, Result { () throws(E) -> T in try body(task) })
    }
    return try slots.values().map { result throws(E) -> T in try result.get() }
}

/// `first()` and `second()` at once on two threads when `threads` > 1.
public func concurrently<A, B>(threads: Int, _ first: () -> A, _ second: () -> B) -> (A, B) {
    nonisolated(unsafe) var a: A?
    nonisolated(unsafe) var b: B?
    concurrentForEach(2, threads: threads) { task in
        if task == 0 { a = first() } else { b = second() }
    }
    return (a!, b!)
}

/// One result slot per task; each task writes only its own (raw storage, so that no array is
/// mutated from two threads).
private final class Slots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(_ count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) { storage[index] = value }
    func values() -> [Value] { storage.map { $0! } }
}
