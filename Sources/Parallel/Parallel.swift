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
/// The helper threads are POSIX threads of the ``WorkerPool``, kept between calls; a call made
/// while the pool is in use (from another thread, or nested in a task) starts threads of its
/// own and joins them before it returns. A thread
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
        if WorkerPool.shared.run(work, helpers: threadCount - 1) { return }
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

    /// `requested` within 1 ... ``maximum``, and within what the process limit leaves
    /// (``available``).
    public static func capped(_ requested: Int) -> Int { min(max(1, requested), maximum, available) }

    /// Threads (each with a layout process beside it) that the limit on processes and threads
    /// of this user (`ulimit -u`, RLIMIT_NPROC) leaves room for: half of what is left once the
    /// user's running tasks and 8 more (libraries start helper threads: pango's font matching,
    /// and GLib aborts the program when it cannot) are counted. Unlimited for root, whom the
    /// limit does not bind. At least 1.
    public static var available: Int {
        guard let room = headroom else { return Int.max }
        return max(1, (room.left - 8) / 2)
    }

    /// How many more processes and threads the limit of this user (`ulimit -u`) allows, and the
    /// limit itself; nil when no limit binds (root, or unlimited).
    public static var headroom: (left: Int, limit: Int)? {
        var limit = rlimit()
        // 6 is RLIMIT_NPROC on Linux (Swift does not import the macro).
        guard getuid() != 0, getrlimit(__rlimit_resource_t(6), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return (Int(limit.rlim_cur) - tasksOfThisUser(), Int(limit.rlim_cur))
    }

    /// The tasks (threads) of processes of this user, from /proc.
    static func tasksOfThisUser() -> Int {
        guard let directory = opendir("/proc") else { return 0 }
        defer { closedir(directory) }
        let uid = getuid()
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.first?.isNumber == true else { continue }
            var status = stat()
            guard stat("/proc/" + name, &status) == 0, status.st_uid == uid else { continue }
            var tasks = stat()
            count += stat("/proc/" + name + "/task", &tasks) == 0 ? max(1, Int(tasks.st_nlink) - 2) : 1
        }
        return count
    }
}

/// The tasks of one ``concurrentForEach(_:threads:_:)`` call, taken one at a time by its threads.
final class SharedTasks: @unchecked Sendable {
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
