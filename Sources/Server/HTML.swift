import CaseFiles
import Foundation
import Hummingbird

/// The workspace's HTML: every value from the data goes through ``HTML/escape(_:)`` (element text
/// and quoted attributes alike), and pages load only the app's own stylesheet and script, so the
/// Content-Security-Policy can forbid inline scripts and every other origin.
enum HTML {
    /// Text safe inside an element or a double- or single-quoted attribute: the run folder's own
    /// escaping (`& < > " '` as entities, control characters dropped, line breaks as spaces).
    static func escape(_ text: String) -> String { htmlEscaped(text) }

    /// A value for a URL query or path segment: everything but unreserved characters percent-encoded.
    static func urlComponent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The Content-Security-Policy of every response: the app's own scripts, styles and images
    /// (and `data:` images), frames only from itself (the run's map), no plugins, forms only to itself.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The header that carries it.
    static let policyField = HTTPFields.Element.Name("Content-Security-Policy")!

    /// A whole page: the title, the navigation bar and `body` (already HTML).
    static func page(title: String, body: String, readOnly: Bool) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · RingScope</title><link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script></head>
        <body><nav class="top"><a href="/" class="brand">RingScope</a> <a href="/">Queue</a> <a href="/factories">Factories</a> <a href="/map">Map</a>\
        \(readOnly ? " <span class=\"badge readonly\">read-only</span>" : "")</nav>
        <main>
        \(body)
        </main></body></html>
        """
    }

    /// `<table>` with a header row and rows of cells (each cell already HTML); `sortable` tables get
    /// click-to-sort headers and a search box from app.js.
    static func table(id: String, header: [String], rows: [[String]], numeric: Set<Int> = [], sortable: Bool = true) -> String {
        var html = sortable ? "<input type=\"search\" class=\"filter\" data-table=\"\(id)\" placeholder=\"search this table\" aria-label=\"search\">\n" : ""
        html += "<table id=\"\(id)\"\(sortable ? " class=\"sortable\"" : "")><thead><tr>"
        for (index, name) in header.enumerated() { html += "<th\(numeric.contains(index) ? " class=\"num\"" : "")>\(escape(name))</th>" }
        html += "</tr></thead><tbody>\n"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() { html += "<td\(numeric.contains(index) ? " class=\"num\"" : "")>\(cell)</td>" }
            html += "</tr>\n"
        }
        return html + "</tbody></table>\n"
    }
}
