import CaseStore
import Foundation
import Hummingbird

/// The queue: every case, the latest run's first and by rank there, with filters by status,
/// change, brand, province and score, each with its count; 100 cases a page. Keyboard: `j`/`k`
/// move, Enter opens, `/` searches (app.js).
extension Workspace {
    static let pageSize = 100

    struct QueueFilter: Equatable {
        var status: String?
        var change: String?
        var brand: String?
        var province: String?
        var minimumScore: Double?
        var page = 1

        init(_ request: Request) {
            let query = request.uri.queryParameters
            func value(_ key: String) -> String? {
                guard let text = query.get(key), !text.isEmpty else { return nil }
                return text
            }
            status = value("status")
            change = value("change")
            brand = value("brand")
            province = value("province")
            minimumScore = value("score").flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
            page = max(1, value("page").flatMap { Int($0) } ?? 1)
        }

        func matches(_ item: CaseSummary, ignoring facet: String? = nil) -> Bool {
            if facet != "status", let status, item.status.rawValue != status { return false }
            if facet != "change", let change, item.change != change { return false }
            if facet != "brand", let brand, !item.brands.contains(brand) { return false }
            if facet != "province", let province, item.province != province { return false }
            if facet != "score", let minimumScore, item.score < minimumScore { return false }
            return true
        }

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

    /// The latest run's cases first, by rank in their last run, then by id.
    static func queueOrder(_ a: CaseSummary, _ b: CaseSummary) -> Bool {
        if a.lastRun != b.lastRun { return a.lastRun > b.lastRun }
        if a.rank != b.rank { return a.rank < b.rank }
        return a.id < b.id
    }

    func queue(_ request: Request) throws -> Response {
        let filter = QueueFilter(request)
        let all = try queueCache.cases(of: store)
        let shown = all.filter { filter.matches($0) }
        var body = "<h1>Case queue</h1>\n<p class=\"note\">\(all.count) cases in \(HTML.escape(store.path)); \(shown.count) shown. "
        body += "Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches.</p>\n"
        body += "<div class=\"facets\">"
        body += facet("status", "Status", all: all, filter: filter, values: CaseStatus.allCases.map(\.rawValue)) { [$0.status.rawValue] }
        body += facet("change", "Change", all: all, filter: filter, values: nil) { [$0.change] }
        body += facet("brand", "Brand", all: all, filter: filter, values: nil) { $0.brands }
        body += facet("province", "Province", all: all, filter: filter, values: nil) { [$0.province] }
        body += scoreFacet(all: all, filter: filter)
        body += "</div>\n"
        let pages = max(1, (shown.count + Workspace.pageSize - 1) / Workspace.pageSize)
        let page = min(filter.page, pages)
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
            if page > 1 { body += "<a href=\"\(HTML.escape(filter.query(setting: "page", to: String(page - 1))))\" rel=\"prev\">← previous</a> " }
            if page < pages { body += "<a href=\"\(HTML.escape(filter.query(setting: "page", to: String(page + 1))))\" rel=\"next\">next →</a>" }
            body += "</p>"
        }
        return Workspace.html(HTML.page(title: "Queue", body: body, readOnly: configuration.readOnly))
    }

    /// One filter's choices with the count each would show given the other filters.
    private func facet(_ key: String, _ title: String, all: [CaseSummary], filter: QueueFilter, values: [String]?,
                       _ valuesOf: (CaseSummary) -> [String]) -> String {
        var counts: [String: Int] = [:]
        for item in all where filter.matches(item, ignoring: key) {
            for value in Set(valuesOf(item)) where !value.isEmpty { counts[value, default: 0] += 1 }
        }
        let ordered = values ?? counts.keys.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
        let current: String? = switch key {
        case "status": filter.status
        case "change": filter.change
        case "brand": filter.brand
        default: filter.province
        }
        var html = "<section class=\"facet\"><h2>\(HTML.escape(title))</h2><ul>"
        html += "<li><a href=\"\(HTML.escape(filter.query(setting: key, to: nil)))\"\(current == nil ? " class=\"on\"" : "")>all</a></li>"
        for value in ordered.prefix(30) where counts[value, default: 0] > 0 || value == current {
            html += "<li><a href=\"\(HTML.escape(filter.query(setting: key, to: value)))\"\(current == value ? " class=\"on\"" : "")>"
            html += "\(HTML.escape(value)) <span class=\"count\">\(counts[value, default: 0])</span></a></li>"
        }
        return html + "</ul></section>"
    }

    private func scoreFacet(all: [CaseSummary], filter: QueueFilter) -> String {
        var html = "<section class=\"facet\"><h2>Score</h2><ul>"
        html += "<li><a href=\"\(HTML.escape(filter.query(setting: "score", to: nil)))\"\(filter.minimumScore == nil ? " class=\"on\"" : "")>any</a></li>"
        for threshold in [80.0, 60.0, 40.0] {
            let count = all.filter { filter.matches($0, ignoring: "score") && $0.score >= threshold }.count
            html += "<li><a href=\"\(HTML.escape(filter.query(setting: "score", to: String(format: "%g", threshold))))\"\(filter.minimumScore == threshold ? " class=\"on\"" : "")>"
            html += "≥ \(Int(threshold)) <span class=\"count\">\(count)</span></a></li>"
        }
        return html + "</ul></section>"
    }
}
