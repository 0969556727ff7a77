import Foundation

/// Values built once per key and kept, for every thread that asks: while one thread builds a
/// key's value, others asking for the same key wait for it instead of building it too. The run
/// folders' `verify` answer and their run-wide tables are kept this way: 20 first case pages of a
/// million-seller run would otherwise verify its folder and parse its places.csv 20 times at once.
final class OnceCache<Value>: @unchecked Sendable {
    /// Guards `values` and `building`; waited on while a value is being built.
    private let condition = NSCondition()
    private var values: [String: Value] = [:]
    private var building: Set<String> = []

    /// The value kept for `key`, else the one `build` makes, kept (a nil is not kept: the next
    /// asker builds again). `build` runs without the lock held, so it may ask for other keys.
    func value(for key: String, build: () -> Value?) -> Value? {
        condition.lock()
        while true {
            if let known = values[key] {
                condition.unlock()
                return known
            }
            if !building.contains(key) { break }
            condition.wait()
        }
        building.insert(key)
        condition.unlock()
        let value = build()
        condition.lock()
        if let value { values[key] = value }
        building.remove(key)
        condition.broadcast()
        condition.unlock()
        return value
    }
}
