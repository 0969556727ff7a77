/// Shapes, colours, edge styles and the legend of ring diagrams.
extension RingDiagram {
    struct KindStyle {
        var shape: String
        var fill: String
        var style: String
    }

    static func style(of kind: DiagramEntityKind) -> KindStyle {
        switch kind {
        case .seller: KindStyle(shape: "box", fill: "#d6e6f5", style: "rounded,filled")
        case .storefront: KindStyle(shape: "ellipse", fill: "#fde3c4", style: "filled")
        case .paymentAccount: KindStyle(shape: "hexagon", fill: "#fbf1b6", style: "filled")
        case .address: KindStyle(shape: "house", fill: "#e6d8f0", style: "filled")
        case .factory: KindStyle(shape: "box3d", fill: "#f4b6b0", style: "filled")
        // A tag: a phone number, a messaging id, a device: a label attached to a storefront.
        case .identifier: KindStyle(shape: "cds", fill: "#d4efdf", style: "filled")
        }
    }

    static let fakeColor = "#c0392b"
    static let genuineColor = "#1e8449"
    static let hubFill = "#e5e5e5"

    static func nodeAttributes(_ node: DrawnRing.Node) -> [String: String] {
        let entity = node.entity
        let kindStyle = style(of: entity.kind)
        var attributes = ["shape": kindStyle.shape, "fillcolor": kindStyle.fill, "style": kindStyle.style, "color": "#333333"]
        var lines: [String] = []
        if let degree = entity.hubDegree {
            attributes["fillcolor"] = hubFill
            attributes["style"] = kindStyle.style + ",dashed"
            lines.append("hub: used by \(formatted(degree)) storefronts")
        }
        lines.append(GraphvizText.truncated(node.heading ?? (node.shownID.isEmpty ? entity.id : node.shownID), to: 32))
        let name = entity.label.trimmingCharacters(inSet: " ")
        if !name.isEmpty { lines.append(GraphvizText.truncated(name, to: 28)) }
        let evidence = [
            entity.confirmedFakes > 0 ? "\(formatted(entity.confirmedFakes)) confirmed fake\(entity.confirmedFakes == 1 ? "" : "s")" : nil,
            entity.seizures > 0 ? "\(formatted(entity.seizures)) seizure\(entity.seizures == 1 ? "" : "s")" : nil,
            entity.genuinePurchases > 0 ? "\(formatted(entity.genuinePurchases)) genuine" : nil,
            entity.otherEvidence > 0 ? "\(formatted(entity.otherEvidence)) other" : nil,
        ].compactMap { $0 }
        if !evidence.isEmpty { lines.append(evidence.joined(separator: " · ")) }
        lines += node.notes
        attributes["label"] = lines.joined(separator: "\n")
        if entity.confirmedFakes > 0 {
            attributes["color"] = fakeColor
            attributes["penwidth"] = "3"
            attributes["fontcolor"] = fakeColor
        } else if entity.genuinePurchases > 0 {
            attributes["color"] = genuineColor
            attributes["penwidth"] = "2"
            attributes["style"] = (attributes["style"] ?? "filled") + ",dashed"
        }
        if entity.seizures > 0 { attributes["peripheries"] = "2" }
        return attributes
    }

    static func edgeAttributes(relation: String, directed: Bool) -> [String: String] {
        var attributes: [String: String] = switch relation {
        case "pays_to": ["color": "#b7950b", "style": "solid"]
        case "transfers_to": ["color": "#a93226", "style": "bold", "penwidth": "2.5", "constraint": "false"]
        case "ships_from": ["color": "#566573", "style": "dashed"]
        case "returns_to": ["color": "#566573", "style": "dotted", "penwidth": "1.5"]
        case "registered_at": ["color": "#7d3c98", "style": "dashed"]
        case "supplied_by": ["color": "#922b21", "style": "bold"]
        case "located_at": ["color": "#922b21", "style": "dotted", "constraint": "false"]
        case "operates": ["color": "#2e86c1", "style": "solid"]
        case "uses": ["color": "#1e8449", "style": "solid"]
        case "registered_with": ["color": "#1e8449", "style": "dashed"]
        case "read_from_image": ["color": "#117a65", "style": "dashed", "penwidth": "2"]
        default: ["color": "#7f8c8d", "style": "solid"]
        }
        attributes["fontcolor"] = attributes["color"]
        if !directed { attributes["dir"] = "none" }
        return attributes
    }

    static let legendRelations = ["operates", "pays_to", "transfers_to", "ships_from", "returns_to", "registered_at", "supplied_by", "located_at",
                                  "uses", "registered_with", "read_from_image"]

    /// A legend cluster: one sample per kind drawn, the evidence marks, and one sample
    /// edge per relation drawn.
    static func addLegend(to graph: inout DiagramGraph, ring: DrawnRing) {
        var ids: [String] = []
        func add(_ id: String, _ attributes: [String: String]) {
            var unique = "legend: " + id
            while graph.nodes.contains(where: { $0.id == unique }) { unique += "'" }
            graph.nodes.append(.init(id: unique, attributes: attributes))
            ids.append(unique)
        }
        let kinds = Set(ring.nodes.map(\.entity.kind))
        for kind in DiagramEntityKind.allCases where kinds.contains(kind) {
            let kindStyle = style(of: kind)
            add(kind.rawValue, ["shape": kindStyle.shape, "fillcolor": kindStyle.fill, "style": kindStyle.style, "label": kind.rawValue.replacingUnderscores(), "fontsize": "10"])
        }
        let entities = ring.nodes.map(\.entity)
        if entities.contains(where: { $0.confirmedFakes > 0 }) {
            add("fake", ["shape": "box", "style": "filled", "fillcolor": "white", "color": fakeColor, "penwidth": "3", "fontcolor": fakeColor, "label": "confirmed fake", "fontsize": "10"])
        }
        if entities.contains(where: { $0.seizures > 0 }) {
            add("seizure", ["shape": "box", "style": "filled", "fillcolor": "white", "peripheries": "2", "label": "seizure", "fontsize": "10"])
        }
        if entities.contains(where: { $0.genuinePurchases > 0 }) {
            add("genuine", ["shape": "box", "style": "filled,dashed", "fillcolor": "white", "color": genuineColor, "penwidth": "2", "label": "genuine test purchase", "fontsize": "10"])
        }
        if entities.contains(where: { $0.hubDegree != nil }) {
            add("hub", ["shape": "box", "style": "filled,dashed", "fillcolor": hubFill, "label": "hub (shared by many)", "fontsize": "10"])
        }
        // Four rows, each `rank=same`: kinds; evidence marks and hub; for each relation a
        // dot, and under it the relation's name, joined by an edge in the relation's style.
        // Invisible edges from the first node of a row to the first of the next keep the order.
        let kindRow = Array(ids.prefix(kinds.count))
        let markRow = Array(ids.dropFirst(kinds.count))
        var pointRow: [String] = []
        var nameRow: [String] = []
        let relations = Set(ring.edges.map(\.relation))
        for relation in legendRelations where relations.contains(relation) {
            add(relation + " from", ["shape": "none", "width": "0.9", "height": "0.05", "label": "", "style": ""])
            pointRow.append(ids.last!)
            add(relation, ["shape": "plaintext", "style": "", "label": relation, "fontsize": "10", "height": "0.2"])
            nameRow.append(ids.last!)
            var attributes = edgeAttributes(relation: relation, directed: true)
            attributes["constraint"] = "true"
            graph.edges.append(.init(from: pointRow.last!, to: nameRow.last!, attributes: attributes))
        }
        let rows = [kindRow, markRow, pointRow].filter { !$0.isEmpty }
        for (upper, lower) in zip(rows, rows.dropFirst()) {
            graph.edges.append(.init(from: upper[0], to: lower[0], attributes: ["style": "invis"]))
        }
        let rowGroups = [kindRow, markRow, pointRow, nameRow].filter { !$0.isEmpty }.map {
            DiagramGraph.Subgraph(isCluster: false, attributes: ["rank": "same"], nodeIDs: $0)
        }
        graph.subgraphs.append(.init(
            isCluster: true,
            attributes: ["label": "legend", "fontname": fontName, "fontsize": "11", "style": "rounded", "color": "#999999"],
            nodeIDs: ids,
            subgraphs: rowGroups
        ))
    }
}
