import Testing
import Parallel
import Synchronization

@Suite struct ParallelTests {
    struct Failure: Error, Equatable { let task: Int }

    @Test(arguments: [1, 2, 4])
    func resultsComeInTaskOrder(threads: Int) {
        #expect(concurrentMap(1_000, threads: threads) { $0 * $0 } == (0 ..< 1_000).map { $0 * $0 })
    }

    /// Every task runs, and the error of the lowest failing task comes out, whatever finishes first.
    @Test(arguments: [1, 2])
    func theLowestTasksErrorIsThrown(threads: Int) {
        let ran = Counter()
        #expect(throws: Failure(task: 3)) {
            _ = try concurrentMap(64, threads: threads) { (task: Int) throws(Failure) -> Int in
                ran.add()
                if task == 3 || task == 40 { throw Failure(task: task) }
                return task
            }
        }
        #expect(ran.value == 64)
    }

    @Test func bothHalvesAreReturned() {
        let (number, text) = concurrently(threads: 2, { 6 * 7 }, { "forty-two" })
        #expect(number == 42 && text == "forty-two")
    }
}

private final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
