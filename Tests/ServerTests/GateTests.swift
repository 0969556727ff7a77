import Foundation
import Testing
@testable import Server

/// The gate in front of the workspace's blocking work: never more holders than its width, and
/// every waiting task let in.
@Suite struct GateTests {
    /// Counts how many tasks hold the gate at once.
    final class Meter: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var most = 0
        private(set) var done = 0
        func enter() { lock.lock(); now += 1; most = max(most, now); lock.unlock() }
        func leave() { lock.lock(); now -= 1; done += 1; lock.unlock() }
    }

    @Test(arguments: [1, 2, 3])
    func neverMoreHoldersThanItsWidth(width: Int) async {
        let gate = Gate(width: width)
        let meter = Meter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    await gate.enter()
                    meter.enter()
                    try? await Task.sleep(nanoseconds: 2_000_000)
                    meter.leave()
                    gate.leave()
                }
            }
        }
        #expect(meter.done == 40)
        #expect(meter.most <= width)
        #expect(meter.most >= 1)
    }

    /// A waiting task is let in when a holder leaves, in the order they asked.
    @Test func waitersAreLetInInTheOrderTheyAsked() async {
        let gate = Gate(width: 1)
        await gate.enter()
        let order = Order()
        var waiters: [Task<Void, Never>] = []
        for index in 0..<5 {
            waiters.append(Task {
                await gate.enter()
                order.append(index)
                gate.leave()
            })
            // Each waiter asks before the next starts (the gate is held, so it waits).
            while gate.waitingCount < index + 1 { await Task.yield() }
        }
        gate.leave()
        for waiter in waiters { await waiter.value }
        #expect(order.values == [0, 1, 2, 3, 4])
    }

    final class Order: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Int] = []
        func append(_ value: Int) { lock.lock(); values.append(value); lock.unlock() }
    }
}
