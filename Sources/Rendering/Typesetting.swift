import Synchronization

/// The one lock around text in this process: whoever measures or draws text with pango (a
/// referral PDF, a map PDF, a raster picture's text, a layout Graphviz runs in process) holds it.
///
/// Text measured while another thread measured text with other font options came out with other
/// widths, so line breaks moved and referral.pdf differed between identical runs at
/// `--threads 2` (issue 14). One document at a time was not enough: a clean-clone CI run failed
/// when a generator test drew its parcel labels (hinted metrics, turned text) beside the demo's
/// referrals, and an experiment reproduced it — a raster picture drawn beside typesetting changed
/// 6 of 21 PDFs; with nothing beside it, none changed. Each caller has its own surface,
/// pango context and font map, so the state they share is below pango (cairo's process-wide
/// font caches and the FreeType faces behind them); rather than depend on which of those keeps
/// what, text work is serialised here. Only the text is: a raster picture's blur, noise and
/// PNG encoding, and every layout in a child process or layout server, run outside it.
///
/// Order: taken after ``Graphviz/gate`` (shared) and before ``Graphviz/lock``; never taken
/// twice by one thread (the map page of a referral is drawn inside the referral's hold).
enum Typesetting {
    static let lock = Mutex<Void>(())

    static func withLock<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock { _ throws -> T in try body() }
    }
}
