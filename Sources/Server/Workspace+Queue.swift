import CaseStore
import Foundation
import Hummingbird

/// The queue: every case, the latest run's first and by rank there, with filters by status,
/// change, brand, province and score, each with its count; 100 cases a page. Keyboard: `j`/`k`
/// move, Enter opens, `/` searches (app.js).
///
/// A request costs one pass over the cached case list (the shown cases and every filter's
/// counts together) and the HTML of one page; a page already rendered for the store's revision
/// is answered from ``QueueCache``.
extension Workspace {
    static let pageSize = 100

    /// The filters' order in the mismatch mask of ``QueueFilter/mismatches(_:)``.
    enum Facet: Int, CaseIterable {
        case status, change, brand, province, score
        var key: String { ["status", "change", "brand", "province", "score"][rawValue] }
        var bit: UInt8 { 1 << UInt8(rawValue) }
    }

    /// The score filter's thresholds.
    static let scoreThresholds = [80.0, 60.0, 40.0]

    struct QueueFilter: Equatable {
        var status: String?
        var change: String?
        var brand: String?
        var province: String?
        var minimumScore: Double?
        var page = 1

        /// The filter a request's query names.
        ///
        /// - Throws: ``WorkspaceError`` 400 when `page` is not a whole number from 1 to 999,999
        ///   or `score` is not a finite number: a clear page, never a crash or a silent default.
        init(_ request: Request) throws {
            let query = request.uri.queryParameters
            func value(_ key: String) -> String? {
                guard let text = query.get(key), !text.isEmpty else { return nil }
                return text
            }
            status = value("status")
            change = value("change")
            brand = value("brand")
            province = value("province")
            if let text = value("score") {
                guard text.utf8.count <= 16, let score = Double(text), score.isFinite else {
                    throw WorkspaceError(.badRequest, "score=\(text.prefix(40)) is not a number; the score filter takes a minimum score such as score=60")
                }
                minimumScore = score
            }
            if let text = value("page") {
                guard (1 ... 6).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text), number >= 1 else {
                    throw WorkspaceError(.badRequest, "page=\(text.prefix(40)) is not a page number; pages are numbered from 1 (page=2 is the second hundred cases)")
                }
                page = number
            }
        }

        /// The filters `item` fails, one bit per ``Facet``.
        func mismatches(_ item: CaseSummary) -> UInt8 {
            var mask: UInt8 = 0
            if let status, item.status.rawValue != status { mask |= Facet.status.bit }
            if let change, item.change != change { mask |= Facet.change.bit }
            if let brand, !item.brands.contains(brand) { mask |= Facet.brand.bit }
            if let province, item.province != province { mask |= Facet.province.bit }
            if let minimumScore, item.score < minimumScore { mask |= Facet.score.bit }
            return mask
        }

        func matches(_ item: CaseSummary) -> Bool { mismatches(item) == 0 }

        /// The query string of this filter with `key` set to `value` (nil removes it); the page resets.
        func query(setting key: String, to value: String?) -> String {
            var items: [(String, String)] = []
            func add(_ name: String, _ current: String?) {
                let chosen = name == key ? value : current
                if let chosen { items.append((name, chosen)) }
            }
            add("status", status)
            add("change", change)
            add("brand", brand)
            add("province", province)
            add("score", minimumScore.map { String(format: "%g", $0) })
            if key == "page", let value { items.append(("page", value)) }
            return items.isEmpty ? "/" : "/?" + items.map { "\($0.0)=\(HTML.urlComponent($0.1))" }.joined(separator: "&")
        }
    }

    /// The cases a filter shows and, per filter, the count each of its values would show given
    /// the other filters: one pass over the case list.
    struct QueueCounts {
        var shown: [CaseSummary] = []
        /// Per facet (status, change, brand, province): value → cases.
        var values: [[String: Int]] = Array(repeating: [:], count: 4)
        /// Cases at or above each of ``scoreThresholds`` given the other filters.
        var scores: [Int] = Array(repeating: 0, count: Workspace.scoreThresholds.count)

        init(_ all: [CaseSummary], filter: QueueFilter) {
            for item in all {
                let mask = filter.mismatches(item)
                if mask == 0 { shown.append(item) }
                guard mask & (mask &- 1) == 0 else { continue }  // fails two filters or more: counts nowhere
                for facet in Facet.allCases where mask & ~facet.bit == 0 {
                    switch facet {
                    case .status: values[0][item.status.rawValue, default: 0] += 1
                    case .change: if !item.change.isEmpty { values[1][item.change, default: 0] += 1 }
                    case .brand:
                        for (index, brand) in item.brands.enumerated() where !brand.isEmpty && !item.brands[..<index].contains(brand) {
                            values[2][brand, default: 0] += 1
                        }
                    case .province: if !item.province.isEmpty { values[3][item.province, default: 0] += 1 }
                    case .score:
                        for (index, threshold) in Workspace.scoreThresholds.enumerated() where item.score >= threshold { scores[index] += 1 }
                    }
                }
            }
        }
    }

    /// The latest run's cases first, by rank in their last run, then by id.
    static func queueOrder(_ a: CaseSummary, _ b: CaseSummary) -> Bool {
        if a.lastRun != b.lastRun { return a.lastRun > b.lastRun }
        if a.rank != b.rank { return a.rank < b.rank }
        return a.id < b.id
    }

    func queue(_ request: Request) throws -> Response {
        let filter = try QueueFilter(request)
        let (revision, all) = try queueCache.cases(of: store)
        let key = filter.query(setting: "page", to: String(filter.page))
        if let cached = queueCache.page(revision: revision, query: key) { return Workspace.html(cached) }
        let counts = QueueCounts(all, filter: filter)
        let shown = counts.shown
        let pages = max(1, (shown.count + Workspace.pageSize - 1) / Workspace.pageSize)
        guard filter.page <= pages else {
            throw WorkspaceError(.badRequest, "there is no page \(filter.page): this queue has \(pages) page\(pages == 1 ? "" : "s") (\(shown.count) cases, \(Workspace.pageSize) a page)")
        }
        let page = filter.page
        var body = "<h1>Case queue</h1>\n<p class=\"note\">\(all.count) cases in \(HTML.escape(store.path)); \(shown.count) shown. "
        body += "Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches, <kbd>n</kbd>/<kbd>p</kbd> next and previous page.</p>\n"
        body += "<div class=\"facets\">"
        body += facet(.status, "Status", counts: counts.values[0], filter: filter, values: CaseStatus.allCases.map(\.rawValue))
        body += facet(.change, "Change", counts: counts.values[1], filter: filter, values: nil)
        body += facet(.brand, "Brand", counts: counts.values[2], filter: filter, values: nil)
        body += facet(.province, "Province", counts: counts.values[3], filter: filter, values: nil)
        body += scoreFacet(counts.scores, filter: filter)
        body += "</div>\n"
        let slice = shown.dropFirst((page - 1) * Workspace.pageSize).prefix(Workspace.pageSize)
        let rows = slice.map { item -> [String] in
            let link = "<a href=\"/cases/\(HTML.urlComponent(item.id))\" class=\"case-link\">\(HTML.escape(item.id))</a>"
            return [link, "<span class=\"status \(HTML.escape(item.status.rawValue))\">\(HTML.escape(item.status.rawValue))</span>",
                    HTML.escape(item.change), String(item.lastRun), String(item.rank), String(format: "%.1f", item.score), String(item.sellers),
                    HTML.escape(item.brands.joined(separator: ", ")), HTML.escape(item.province), HTML.escape(item.summary)]
        }
        body += HTML.table(id: "queue", header: ["case", "status", "change", "run", "rank", "score", "sellers", "brands", "province", "summary"],
                           rows: rows, numeric: [3, 4, 5, 6])
        if pages > 1 {
            body += "<p class=\"pages\">page \(page) of \(pages) "
            if page > 1 { body += "<a href=\"\(HTML.escape(filter.query(setting: "page", to: String(page - 1))))\" rel=\"prev\" id=\"prev-page\">← previous</a> " }
            if page < pages { body += "<a href=\"\(HTML.escape(filter.query(setting: "page", to: String(page + 1))))\" rel=\"next\" id=\"next-page\">next →</a>" }
            body += "</p>"
        }
        let html = ByteBuffer(string: HTML.page(title: "Queue", body: body, readOnly: configuration.readOnly))
        queueCache.keep(html, revision: revision, query: key)
        return Workspace.html(html)
    }

    /// One filter's choices with the count each would show given the other filters.
    private func facet(_ facet: Facet, _ title: String, counts: [String: Int], filter: QueueFilter, values: [String]?) -> String {
        let ordered = values ?? counts.keys.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
        let current: String? = switch facet {
        case .status: filter.status
        case .change: filter.change
        case .brand: filter.brand
        default: filter.province
        }
        var html = "<section class=\"facet\"><h2>\(HTML.escape(title))</h2><ul>"
        html += "<li><a href=\"\(HTML.escape(filter.query(setting: facet.key, to: nil)))\"\(current == nil ? " class=\"on\"" : "")>all</a></li>"
        for value in ordered.prefix(30) where counts[value, default: 0] > 0 || value == current {
            html += "<li><a href=\"\(HTML.escape(filter.query(setting: facet.key, to: value)))\"\(current == value ? " class=\"on\"" : "")>"
            html += "\(HTML.escape(value)) <span class=\"count\">\(counts[value, default: 0])</span></a></li>"
        }
        return html + "</ul></section>"
    }

    private func scoreFacet(_ counts: [Int], filter: QueueFilter) -> String {
        var html = "<section class=\"facet\"><h2>Score</h2><ul>"
        html += "<li><a href=\"\(HTML.escape(filter.query(setting: "score", to: nil)))\"\(filter.minimumScore == nil ? " class=\"on\"" : "")>any</a></li>"
        for (threshold, count) in zip(Workspace.scoreThresholds, counts) {
            html += "<li><a href=\"\(HTML.escape(filter.query(setting: "score", to: String(format: "%g", threshold))))\"\(filter.minimumScore == threshold ? " class=\"on\"" : "")>"
            html += "≥ \(Int(threshold)) <span class=\"count\">\(count)</span></a></li>"
        }
        return html + "</ul></section>"
    }
}
