import Dispatch

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
/// (or there is one task), otherwise spread over the machine's cores by Dispatch.
public func concurrentForEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    if threads <= 1 || count <= 1 {
        for task in 0 ..< count { body(task) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable(value: body)
        DispatchQueue.concurrentPerform(iterations: count) { task in shared.value(task) }
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
