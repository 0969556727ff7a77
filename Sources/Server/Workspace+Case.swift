import CaseStore
import Foundation
import Hummingbird

/// The case page: summary and why this rank, the ring diagram (zoom and pan), members and
/// evidence (sortable, searchable), photos with what OCR read outlined, factories to raid, the
/// history and outcomes, the changes since the previous run, the places, and the actions.
extension Workspace {
    func casePage(_ request: Request, id: String) throws -> Response {
        let page = try renderedCase(id)
        let session = session(of: request)
        var body = page.heading
        if let message = request.uri.queryParameters.get("done") {
            body += "<p class=\"flash\">\(HTML.escape(message))</p>\n"
        }
        body += page.summary
        body += actionsSection(page.detail, session: session.id)
        body += page.sections
        var response = Workspace.html(HTML.page(title: page.detail.summary.id, body: body, readOnly: configuration.readOnly))
        if let cookie = session.cookie { response.setCookie(cookie) }
        return response
    }

    /// The parts of a case page that are the same for every browser (all but the flash message
    /// and the forms, which carry the session's token), from ``CasePageCache`` while the store's
    /// revision is the one they were rendered at; else read (one transaction) and rendered.
    func renderedCase(_ id: String) throws -> RenderedCase {
        if let kept = casePages.page(id, revision: try store.revision()) { return kept }
        let view = try store.caseView(of: id)
        let page = renderedCase(view)
        casePages.keep(page, id: id, revision: view.revision)
        return page
    }

    /// A case page's parts from the store's facts and the run folder.
    func renderedCase(_ view: CaseStore.CaseView) -> RenderedCase {
        let detail = view.detail, summary = detail.summary, run = view.run
        let ringBase = "/runs/\(summary.lastRun)/rings/\(HTML.urlComponent(summary.lastRing))"
        func ringPath(_ file: String) -> String? { run.flatMap { folders.ringFile(run: $0, ring: summary.lastRing, file: file) } }

        let heading = "<h1>\(HTML.escape(summary.id)) <span class=\"status \(HTML.escape(summary.status.rawValue))\" id=\"case-status\">\(HTML.escape(summary.status.rawValue))</span></h1>\n"
        var top = "<p class=\"summary\">\(HTML.escape(summary.summary))</p>\n"
        top += "<p class=\"note\">ring \(HTML.escape(summary.lastRing)) of \(HTML.escape(run?.label ?? "run \(summary.lastRun)")): rank \(summary.rank), "
        top += "score \(String(format: "%.1f", summary.score)), \(HTML.escape(summary.assessment)), \(summary.sellers) sellers; "
        top += "brands \(HTML.escape(summary.brands.joined(separator: ", "))); province \(HTML.escape(summary.province)); opened in run \(summary.openedRun)</p>\n"
        if let run {
            switch folders.integrity(of: run) {
            case .intact: break
            case .missing(let path):
                top += "<p class=\"warning\">The run folder \(HTML.escape(path)) is missing: the diagram, tables and photos cannot be shown. "
                top += "Start the server with --runs DIR where the run folders now are.</p>\n"
            case .failed(let lines):
                top += "<p class=\"warning\">The run folder fails <code>ringscope verify</code>: its files were changed after the run, "
                top += "so what this page shows from it may not be what the analysis wrote. \(HTML.escape(lines.prefix(5).joined(separator: "; ")))</p>\n"
            }
        }

        // Why this rank.
        var body = "<section><h2>Why this rank</h2>"
        if let reasons = view.reasons, !reasons.isEmpty {
            body += "<ul class=\"reasons\">" + reasons.components(separatedBy: "; ").map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        } else {
            body += "<p class=\"note\">The run recorded no reasons for this ring.</p>"
        }
        body += learnedSection(view.explanation)
        body += "</section>\n"

        // Diagram.
        body += "<section><h2>Ring diagram</h2>"
        if ringPath("diagram.svg") != nil {
            body += "<p class=\"note\">Scroll to zoom, drag to pan, double-click to reset. <a href=\"\(ringBase)/diagram.svg\">open alone</a></p>"
            body += "<div class=\"diagram\" id=\"diagram\"><img src=\"\(ringBase)/diagram.svg\" alt=\"ring diagram of \(HTML.escape(summary.lastRing))\" draggable=\"false\"></div>"
        } else {
            body += "<p class=\"note\">No diagram in the run folder (the run drew diagrams for its top rings only, or the folder is missing).</p>"
        }
        body += "</section>\n"

        // Members and evidence.
        body += "<section><h2>Members</h2>"
        if let path = ringPath("members.csv"), let table = try? RunTable(path: path) {
            body += Workspace.csvTable(table, id: "members", numeric: ["ring_sellers_using_it", "evidence_rows"])
        } else {
            body += HTML.table(id: "members", header: ["kind", "id", "role"],
                               rows: detail.members.map { [HTML.escape($0.entity.kind), HTML.escape($0.entity.id), HTML.escape($0.role)] })
        }
        body += "</section>\n<section><h2>Evidence</h2>"
        if let path = ringPath("evidence.csv"), let table = try? RunTable(path: path) {
            body += table.rows.isEmpty ? "<p class=\"note\">No evidence rows.</p>" : Workspace.csvTable(table, id: "evidence", numeric: ["source_line"])
        } else {
            body += "<p class=\"note\">evidence.csv is not in the run folder.</p>"
        }
        body += "</section>\n"

        body += photosSection(run: run, ring: summary.lastRing, ringBase: ringBase)
        body += factoriesSection(run: run, ring: summary.lastRing)
        body += historySection(detail)
        body += changesSection(detail, ring: view.members, previous: view.previousMembers)
        body += placesSection(caseID: summary.id, run: run, ring: summary.lastRing, members: view.members)
        return RenderedCase(detail: detail, heading: heading, summary: top, sections: body)
    }

    /// Learned scoring's "why this rank": the model's probability and the features with their
    /// contributions, largest first, when the run recorded them (analyze --cases with a model).
    func learnedSection(_ explanation: RankExplanation?) -> String {
        guard let explanation, !explanation.features.isEmpty else { return "" }
        var html = "<h3>Learned score</h3>"
        if let score = explanation.score {
            html += "<p>probability \(String(format: "%.2f", score.probability)) from model \(score.modelID) (the rule score ranked it \(score.ruleRank))</p>"
        }
        let shown = explanation.features.contains { $0.contribution != nil } ? explanation.topContributions(10) : Array(explanation.features.prefix(10))
        html += HTML.table(id: "contributions", header: ["feature", "value", "contribution", "what it means"], rows: shown.map { record in
            [HTML.escape(record.feature), record.value.map { String(format: "%g", $0) } ?? "missing",
             record.contribution.map { String(format: "%+.3f", $0) } ?? "", HTML.escape(record.sentence)]
        }, numeric: [1, 2], sortable: false)
        return html
    }

    /// A run folder's CSV as a sortable, searchable table.
    static func csvTable(_ table: RunTable, id: String, numeric: Set<String> = []) -> String {
        var html = HTML.table(id: id, header: table.header, rows: table.rows.map { $0.map(HTML.escape) },
                              numeric: Set(table.header.indices.filter { numeric.contains(table.header[$0]) }))
        if table.truncated { html += "<p class=\"note\">The first \(table.rows.count) rows are shown; the rest are in the run folder.</p>" }
        return html
    }

    func photosSection(run: RunInfo?, ring: String, ringBase: String) -> String {
        guard let run, let linksPath = folders.ringFile(run: run, ring: ring, file: "links.csv"),
              let links = try? RunTable(path: linksPath, keep: { row in row.count > 7 && !row[7].isEmpty }) else { return "" }
        var readings: [String: [(box: PhotoBox, text: String, confidence: String, relation: String)]] = [:]
        for row in links.rows {
            let name = URL(fileURLWithPath: links.value(row, "image_file")).lastPathComponent
            guard let box = PhotoBox(links.value(row, "box")) else { continue }
            readings[name, default: []].append((box, links.value(row, "text_read"), links.value(row, "confidence"), links.value(row, "relation")))
        }
        guard !readings.isEmpty else { return "" }
        var html = "<section><h2>Photos and what was read</h2>"
        for name in readings.keys.sorted() {
            guard let path = folders.ringFile(run: run, ring: ring, file: "images/" + name), let size = PhotoBox.imageSize(path) else { continue }
            let items = readings[name]!
            html += "<figure class=\"photo\"><svg viewBox=\"0 0 \(size.width) \(size.height)\" role=\"img\" aria-label=\"\(HTML.escape(name))\">"
            html += "<image href=\"\(ringBase)/images/\(HTML.urlComponent(name))\" width=\"\(size.width)\" height=\"\(size.height)\"/>"
            for item in items {
                html += "<rect class=\"ocr\" x=\"\(item.box.x)\" y=\"\(item.box.y)\" width=\"\(item.box.width)\" height=\"\(item.box.height)\"><title>\(HTML.escape(item.text))</title></rect>"
            }
            html += "</svg><figcaption>\(HTML.escape(name)): "
            html += items.map { "\(HTML.escape($0.relation)) “\(HTML.escape($0.text))” (confidence \(HTML.escape($0.confidence)))" }.joined(separator: "; ")
            html += "</figcaption></figure>"
        }
        return html + "</section>\n"
    }

    func factoriesSection(run: RunInfo?, ring: String) -> String {
        guard let run, let indexed = folders.indexedTable(run: run, file: "factories.csv", column: "ring_ids") else { return "" }
        let table = indexed.table, rows = indexed.rows(matching: [ring])
        guard !rows.isEmpty else { return "<section><h2>Factories to raid</h2><p class=\"note\">No ranked factory supplies this ring.</p></section>\n" }
        var filtered = table
        filtered.rows = rows
        return "<section><h2>Factories to raid</h2>" + Workspace.csvTable(filtered, id: "factories", numeric: ["rank", "score", "rings", "storefronts", "confirmed_fakes"]) + "</section>\n"
    }

    func historySection(_ detail: CaseDetail) -> String {
        var html = "<section><h2>History</h2><ol class=\"history\" id=\"history\">"
        html += detail.history.map { "<li>\(HTML.escape($0.sentence))</li>" }.joined()
        html += "</ol><h2>Outcomes</h2>"
        if detail.outcomes.isEmpty {
            html += "<p class=\"note\">None recorded.</p>"
        } else {
            html += "<ul>" + detail.outcomes.map { "<li>\(HTML.escape($0.sentence)), reported by \(HTML.escape($0.who)) [\(HTML.escape($0.source))]</li>" }.joined() + "</ul>"
        }
        return html + "</section>\n"
    }

    /// The runs the case was seen in, and who joined or left the ring since its previous sighting.
    func changesSection(_ detail: CaseDetail, ring members: [EntityRef], previous: [EntityRef]?) -> String {
        var html = "<section><h2>Changes since the previous run</h2>"
        html += HTML.table(id: "sightings", header: ["run", "ring", "rank", "score", "sellers", "change", "why it is the same case"], rows: detail.sightings.map {
            [String($0.run), HTML.escape($0.ringID), String($0.rank), String(format: "%.1f", $0.score), String($0.sellers), HTML.escape($0.change), HTML.escape($0.explanation)]
        }, numeric: [0, 2, 3, 4], sortable: false)
        if detail.sightings.count >= 2, let previous {
            let now = Set(members), before = Set(previous)
            let added = now.subtracting(before).sorted(), removed = before.subtracting(now).sorted()
            html += "<p>Since run \(detail.sightings[1].run): \(added.count) joined, \(removed.count) left.</p>"
            if !added.isEmpty { html += "<p class=\"note\">joined: " + HTML.escape(RunChanges.listed(added, limit: 20)) + "</p>" }
            if !removed.isEmpty { html += "<p class=\"note\">left: " + HTML.escape(RunChanges.listed(removed, limit: 20)) + "</p>" }
        }
        for relation in detail.relations {
            html += "<p class=\"note\">run \(relation.run) ring \(HTML.escape(relation.ringID)): \(HTML.escape(relation.relation)): \(HTML.escape(relation.explanation))</p>"
        }
        return html + "</section>\n"
    }
}
