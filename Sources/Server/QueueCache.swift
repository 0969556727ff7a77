import CaseStore
import Foundation
import Hummingbird

/// The queue's cases in queue order, and the queue pages already rendered, kept between
/// requests while the store's ``CaseStore/revision()`` stays the same: listing 10,000 cases is a
/// join over every ring's members, the revision two index look-ups. A change from this server,
/// `ringscope case …` or a new run changes the revision, and the next request lists and renders
/// afresh. At most ``pageLimit`` pages are kept (each a few tens of kilobytes); past that the
/// oldest half is dropped.
final class QueueCache: @unchecked Sendable {
    /// Guards everything below; waited on while another request lists the store.
    private let lock = NSCondition()
    private var revision: String?
    private var cases: [CaseSummary] = []
    private var pages: [String: ByteBuffer] = [:]
    private var pageOrder: [String] = []
    /// The revision being listed this instant, if any: a request that finds the store at that
    /// revision waits for the list instead of making it too (after a change, 20 clients' next
    /// requests would otherwise each list 10,000 cases at once).
    private var listing: String?

    /// The most rendered pages kept for one revision.
    static let pageLimit = 512

    /// The store's revision and its cases in queue order.
    func cases(of store: CaseStore) throws -> (revision: String, cases: [CaseSummary]) {
        let current = try store.revision()
        lock.lock()
        while revision != current, listing == current { lock.wait() }
        if revision == current {
            defer { lock.unlock() }
            return (current, cases)
        }
        listing = current
        lock.unlock()
        let fresh: [CaseSummary]
        do {
            fresh = try store.cases().sorted(by: Workspace.queueOrder)
        } catch {
            lock.lock()
            listing = nil
            lock.broadcast()
            lock.unlock()
            throw error
        }
        lock.lock()
        if listing == current { listing = nil }
        if revision != current {
            revision = current
            cases = fresh
            pages = [:]
            pageOrder = []
        }
        lock.broadcast()
        lock.unlock()
        return (current, fresh)
    }

    /// A page rendered earlier for this revision and query, if still kept.
    func page(revision: String, query: String) -> ByteBuffer? {
        lock.lock()
        defer { lock.unlock() }
        return self.revision == revision ? pages[query] : nil
    }

    /// Keeps a rendered page, unless the store moved on meanwhile.
    func keep(_ page: ByteBuffer, revision: String, query: String) {
        lock.lock()
        defer { lock.unlock() }
        guard self.revision == revision, pages[query] == nil else { return }
        if pageOrder.count >= QueueCache.pageLimit {
            let dropped = pageOrder.prefix(QueueCache.pageLimit / 2)
            for key in dropped { pages[key] = nil }
            pageOrder.removeFirst(dropped.count)
        }
        pages[query] = page
        pageOrder.append(query)
    }
}
