import CaseStore
import Foundation

/// The parts of a case page that are the same for every browser: everything but the flash
/// message and the action forms (which carry the session's token).
struct RenderedCase {
    /// The case as read: its status and the moves it allows make the forms.
    var detail: CaseDetail
    /// The title line with the status.
    var heading: String
    /// The summary, the ring line and the run folder's warnings (above the forms).
    var summary: String
    /// Every section below the forms.
    var sections: String

    /// Bytes of text kept.
    var size: Int { heading.utf8.count + summary.utf8.count + sections.utf8.count }
}

/// Case pages rendered at the store's current ``CaseStore/revision()``, kept between requests:
/// a case page reads five tables of the store and up to six files of the run folder and renders
/// thousands of table rows (about 10–30 ms), where the revision is two index look-ups. Every
/// change to the store (a status, note or outcome from this server or from `ringscope case …`,
/// a new run) changes the revision and empties the cache, so a page is never older than the
/// store. Run folders are not watched: like `verify`'s answer (``RunFolders``), what was read
/// from them is kept while the server runs, as it treats a run folder as written once.
///
/// At most ``byteLimit`` bytes of pages are kept; past that the oldest half is dropped.
final class CasePageCache: @unchecked Sendable {
    private let lock = NSLock()
    private var revision: String?
    private var pages: [String: RenderedCase] = [:]
    private var order: [String] = []
    private var bytes = 0

    /// The most bytes of rendered pages kept (a page is a few kilobytes to a megabyte: its members
    /// and evidence tables hold up to 5,000 rows each).
    static let byteLimit = 64 << 20

    /// The page kept for `id` if it was rendered at `revision`.
    func page(_ id: String, revision: String) -> RenderedCase? {
        lock.lock()
        defer { lock.unlock() }
        return self.revision == revision ? pages[id] : nil
    }

    /// Keeps a page rendered at `revision` (a revision other than the kept pages' replaces them
    /// all); a page larger than the whole budget is not kept.
    func keep(_ page: RenderedCase, id: String, revision: String) {
        let size = page.size
        guard size <= CasePageCache.byteLimit else { return }
        lock.lock()
        defer { lock.unlock() }
        if self.revision != revision {
            self.revision = revision
            pages = [:]
            order = []
            bytes = 0
        }
        if let old = pages[id] {
            bytes -= old.size
            order.removeAll { $0 == id }
        }
        while bytes + size > CasePageCache.byteLimit, !order.isEmpty {
            let dropped = order.prefix(max(1, order.count / 2))
            for key in dropped { bytes -= pages.removeValue(forKey: key)?.size ?? 0 }
            order.removeFirst(dropped.count)
        }
        pages[id] = page
        order.append(id)
        bytes += size
    }
}
