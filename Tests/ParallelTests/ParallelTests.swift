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

    /// The kept threads (WorkerPool) serve call after call, calls nested inside a task, and
    /// calls from several threads at once: every task runs exactly once in each call.
    @Test func everyTaskRunsOnceInRepeatedNestedAndSimultaneousCalls() {
        for round in 0 ..< 2_000 {
            let sums = concurrentMap(8, threads: 4) { outer in
                concurrentMap(round % 7 + 1, threads: 2) { inner in outer * 100 + inner }.reduce(0, +)
            }
            let expected = (0 ..< 8).map { outer in (0 ..< round % 7 + 1).reduce(0) { $0 + outer * 100 + $1 } }
            #expect(sums == expected)
        }
        let totals = concurrentMap(2, threads: 2) { caller in
            (0 ..< 500).reduce(0) { sum, round in sum + concurrentMap(5, threads: 3) { $0 + caller }.reduce(0, +) }
        }
        #expect(totals == [500 * 10, 500 * 15])
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
