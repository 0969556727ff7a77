import CaseFiles
import CaseStore
import Foundation
import Hummingbird

/// A case's places: the rows of its run's `places.csv` for the ring's members and for the
/// factories that supply it (`factories.csv`), as a table and as a map of their own
/// (`/cases/ID/map.svg`, drawn on the server over the bundled basemap like the referral's ring
/// map, shown as an image: nothing in it can run). Both tables are read and indexed once per run.
extension Workspace {
    /// The ring's places, or why there are none to show.
    enum RingPlaces {
        case found(RunTable, [PlacesMap.Place])
        case unavailable(String)
    }

    func ringPlaces(run: RunInfo?, ring: String, members: [EntityRef]) -> RingPlaces {
        guard let run, folders.folder(of: run) != nil else { return .unavailable("The run folder is missing, so its places.csv cannot be read.") }
        guard let places = folders.indexedTable(run: run, file: "places.csv", column: "entity_id") else {
            return .unavailable("The run folder has no places.csv (runs before maps were drawn did not write one).")
        }
        // The factories that supply this ring, by id, with their name and raid rank.
        var factories: [String: (name: String, rank: Int)] = [:]
        if let supply = folders.indexedTable(run: run, file: "factories.csv", column: "ring_ids") {
            for row in supply.rows(matching: [ring]) {
                let id = supply.table.value(row, "factory_id")
                if !id.isEmpty { factories[id] = (supply.table.value(row, "name"), Int(supply.table.value(row, "rank")) ?? 0) }
            }
        }
        let wanted = Set(members)
        var table = places.table
        table.rows = places.rows(matching: members.map(\.id) + factories.keys).filter { row in
            let kind = places.table.value(row, "entity_type"), id = places.table.value(row, "entity_id")
            return wanted.contains(EntityRef(kind: kind, id: id)) || (kind == "factory" && factories[id] != nil)
        }
        table.truncated = false
        guard !table.rows.isEmpty else {
            return .unavailable("None of this ring's members is in the run's places.csv (it lists the ranked factories and the addresses of rings with counterfeit evidence).")
        }
        let mapped = table.rows.map { row -> PlacesMap.Place in
            let id = table.value(row, "entity_id")
            let isFactory = table.value(row, "entity_type") == "factory"
            let place = [table.value(row, "text_city"), table.value(row, "text_province")].filter { !$0.isEmpty }.joined(separator: ", ")
            let warning = table.value(row, "warning")
            return PlacesMap.Place(kind: isFactory ? .factory : .address, id: id, name: isFactory ? (factories[id]?.name ?? id) : id,
                                   rank: factories[id]?.rank ?? 0, latitude: Double(table.value(row, "lat")), longitude: Double(table.value(row, "lon")),
                                   place: place, warning: warning.isEmpty ? nil : warning)
        }
        return .found(table, mapped)
    }

    func placesSection(caseID: String, run: RunInfo?, ring: String, members: [EntityRef]) -> String {
        var html = "<section><h2>Places</h2>"
        switch ringPlaces(run: run, ring: ring, members: members) {
        case .unavailable(let reason):
            html += "<p class=\"note\">No map of this case: \(HTML.escape(reason)) <a href=\"/map\">Map of all cases</a></p>"
        case .found(let table, let places):
            let located = places.filter { $0.coordinate != nil }.count
            if located == 0 {
                html += "<p class=\"note\">No map of this case: none of its \(places.count) places has coordinates. <a href=\"/map\">Map of all cases</a></p>"
            } else {
                let mapURL = "/cases/\(HTML.urlComponent(caseID))/map.svg"
                html += "<p class=\"note\">\(located) of \(places.count) places drawn (addresses as dots, factories as squares); "
                html += "\(places.count - located) without coordinates are listed on the map. <a href=\"\(mapURL)\">open alone</a> · <a href=\"/map\">map of all cases</a></p>"
                html += "<figure class=\"ringmap\"><img src=\"\(mapURL)\" alt=\"map of the places of \(HTML.escape(ring))\"></figure>"
            }
            html += Workspace.csvTable(table, id: "places", numeric: ["lat", "lon", "km_outside_outline"])
        }
        return html + "</section>\n"
    }

    /// `/cases/ID/map.svg`: the case's places on the basemap, or 404 with the reason.
    func caseMap(id: String) throws -> Response {
        let view = try store.caseView(of: id)
        let summary = view.detail.summary
        switch ringPlaces(run: view.run, ring: summary.lastRing, members: view.members) {
        case .unavailable(let reason):
            throw WorkspaceError(.notFound, "No map of \(summary.id): \(reason)")
        case .found(_, let places):
            guard let svg = PlacesMap.svg(ring: summary.lastRing, rank: summary.rank, score: summary.score, places: places) else {
                throw WorkspaceError(.notFound, "No map of \(summary.id): none of its places has coordinates.")
            }
            return Response(status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "private, max-age=60"],
                             body: ResponseBody(byteBuffer: ByteBuffer(bytes: svg)))
        }
    }
}
