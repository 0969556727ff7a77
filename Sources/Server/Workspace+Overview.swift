import CaseStore
import Foundation
import Hummingbird

/// The pages over all cases: the factories to raid and the map, both from the latest run whose
/// folder is there (factories.csv; map.html, the run's own offline Leaflet map, shown in a
/// sandboxed frame).
extension Workspace {
    /// The latest recorded run whose folder exists, or nil (with a reason for the page).
    func latestRunWithFolder() throws -> (run: RunInfo, folder: String)? {
        for run in try store.runs().reversed() {
            if let folder = folders.folder(of: run) { return (run, folder) }
        }
        return nil
    }

    func factoriesPage() throws -> Response {
        var body = "<h1>Factories to raid</h1>"
        if let (run, _) = try latestRunWithFolder(), var table = folders.sharedTable(run: run, file: "factories.csv") {
            let shownRows = 1000
            table.truncated = table.truncated || table.rows.count > shownRows
            table.rows = Array(table.rows.prefix(shownRows))
            body += "<p class=\"note\">From \(HTML.escape(run.label)): factories ranked by the rings they supply; ring ids link to their cases.</p>"
            let ringColumn = table.column("ring_ids")
            var caseOfRing: [String: String] = [:]
            let rows = try table.rows.map { row -> [String] in
                try row.enumerated().map { index, cell -> String in
                    guard index == ringColumn else { return HTML.escape(cell) }
                    return try cell.split(separator: " ").map { ring -> String in
                        let ring = String(ring)
                        if caseOfRing[ring] == nil { caseOfRing[ring] = try store.caseID(run: run.id, ring: ring) ?? "" }
                        guard let caseID = caseOfRing[ring], !caseID.isEmpty else { return HTML.escape(ring) }
                        return "<a href=\"/cases/\(HTML.urlComponent(caseID))\">\(HTML.escape(caseID))</a> (\(HTML.escape(ring)))"
                    }.joined(separator: ", ")
                }
            }
            let numericNames: Set<String> = ["rank", "score", "rings", "storefronts", "confirmed_fakes", "lat", "lon", "supplied_storefronts"]
            body += HTML.table(id: "factories", header: table.header, rows: rows, numeric: Set(table.header.indices.filter { numericNames.contains(table.header[$0]) }))
            if table.truncated { body += "<p class=\"note\">The first \(table.rows.count) factories are shown.</p>" }
        } else {
            body += "<p class=\"warning\">No run folder with factories.csv was found for this case store; start the server with --runs DIR where the run folders are.</p>"
        }
        return Workspace.html(HTML.page(title: "Factories", body: body, readOnly: configuration.readOnly))
    }

    func mapPage() throws -> Response {
        var body = "<h1>Map</h1>"
        if let (run, _) = try latestRunWithFolder(), folders.runFile(run: run, file: "map.html") != nil {
            body += "<p class=\"note\">Factories, ring addresses and rings of \(HTML.escape(run.label)), drawn offline by the run (map.html). "
            body += "<a href=\"/runs/\(run.id)/map.svg\">map.svg</a></p>"
            body += "<iframe class=\"map\" src=\"/runs/\(run.id)/map.html\" title=\"map of \(HTML.escape(run.label))\" sandbox=\"allow-scripts\"></iframe>"
        } else {
            body += "<p class=\"warning\">No run folder with a map was found for this case store; start the server with --runs DIR where the run folders are.</p>"
        }
        return Workspace.html(HTML.page(title: "Map", body: body, readOnly: configuration.readOnly))
    }
}
