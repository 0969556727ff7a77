import CaseStore
import Foundation

/// The queue's cases in queue order, kept between requests while the store's
/// ``CaseStore/revision()`` stays the same: listing 10,000 cases is a join over every ring's
/// members, the revision two index look-ups. A change from this server, `ringscope case …` or a
/// new run changes the revision, and the next request lists afresh.
final class QueueCache: @unchecked Sendable {
    private let lock = NSLock()
    private var revision: String?
    private var cases: [CaseSummary] = []

    func cases(of store: CaseStore) throws -> [CaseSummary] {
        let current = try store.revision()
        lock.lock()
        if revision == current {
            defer { lock.unlock() }
            return cases
        }
        lock.unlock()
        let fresh = try store.cases().sorted(by: Workspace.queueOrder)
        lock.lock()
        revision = current
        cases = fresh
        lock.unlock()
        return fresh
    }
}
