// Layout times of ring diagrams: prints a table. Run:
//   swift run -c release RenderingBenchmark            (all rows)
//   swift run -c release RenderingBenchmark --quick    (skips the uncollapsed rows)
//   swift run -c release RenderingBenchmark --quick --write DIR   (also writes each PNG to DIR)
import Foundation
import Geography
import Rendering

struct Row {
    var name: String
    var input: RingDiagramInput
    var budget: LayoutBudget = .default
    /// Lay out the whole ring without collapsing, to show what the bounds prevent.
    var uncollapsed = false
}

//   swift run -c release RenderingBenchmark --samples docs   (sample-ring.png, sample-overview.png, sample-map.svg)
if let index = CommandLine.arguments.firstIndex(of: "--samples") {
    let directory = URL(fileURLWithPath: CommandLine.arguments[index + 1])
    var ring = RingDiagramInput.synthetic(entityCount: 30, hubDegree: 4_312, title: "Ring R-007 · score 87.5 · 示例 sample")
    ring.edges.append(DiagramEdge(from: "PA501", to: "PA502", relation: "transfers_to"))
    var graph = try RingDiagram.graph(for: ring)
    graph.attributes["size"] = "16,11"
    let rendered = try DiagramRenderer.render(graph, engine: .dot, formats: [.png])
    try Data(rendered.documents[.png]!).write(to: directory.appendingPathComponent("sample-ring.png"))

    let workshop = OverviewFactory(id: "F70", label: "莆田 workshop 1")
    let rings = [
        OverviewRing(id: "R-007", score: 87.5, sellerCount: 12, factories: [workshop, OverviewFactory(id: "F71", label: "东莞 Dongguan")]),
        OverviewRing(id: "R-003", score: 74.2, sellerCount: 5, factories: [workshop]),
        OverviewRing(id: "R-011", score: 52.0, sellerCount: 3, factories: [OverviewFactory(id: "F75", label: "义乌 Yiwu")]),
        OverviewRing(id: "R-002", score: 33.9, sellerCount: 2, factories: [workshop, OverviewFactory(id: "F75", label: "义乌 Yiwu")]),
    ]
    let overview = try OverviewDiagram.render(title: "Rings and shared factories", rings: rings, formats: [.png])
    try Data(overview[.png]!).write(to: directory.appendingPathComponent("sample-overview.png"))

    let input = GeoMapInput(title: "Factories and ring addresses", rings: [GeoMapInput.Ring(id: "R1", rank: 1, score: 80, factories: ["F70"])], factories: [
        GeoMapInput.Factory(id: "F70", name: "workshop 1", rank: 1, coordinate: GeoCoordinate(latitude: 25.454, longitude: 119.007)),
        GeoMapInput.Factory(id: "F71", name: "", rank: 2, coordinate: GeoCoordinate(latitude: 23.02, longitude: 113.75)),
        GeoMapInput.Factory(id: "F75", name: "", rank: 3, coordinate: GeoCoordinate(latitude: 29.31, longitude: 120.08)),
    ], sites: [
        GeoMapInput.Site(id: "A300", label: "return address", ring: "R1", coordinate: GeoCoordinate(latitude: 23.13, longitude: 113.26)),
        GeoMapInput.Site(id: "A301", label: "", ring: "R1", coordinate: GeoCoordinate(latitude: 22.54, longitude: 114.06)),
        GeoMapInput.Site(id: "A302", label: "", ring: "R1", coordinate: GeoCoordinate(latitude: 25.455, longitude: 119.008)),
    ])
    let map = try GeoMap.render(input, basemap: try Basemap.bundled.get(), formats: [.svg])
    try Data(map[.svg]!).write(to: directory.appendingPathComponent("sample-map.svg"))
    exit(0)
}

let quick = CommandLine.arguments.contains("--quick")
let writeDirectory = CommandLine.arguments.firstIndex(of: "--write").map { CommandLine.arguments[$0 + 1] }
var rows = [
    Row(name: "ring of 50", input: .synthetic(entityCount: 50)),
    Row(name: "ring of 300", input: .synthetic(entityCount: 300)),
    Row(name: "ring of 2,000", input: .synthetic(entityCount: 2_000)),
    Row(name: "300 + hub of degree 10,000", input: .synthetic(entityCount: 300, hubDegree: 10_000, hubStorefronts: 10_000)),
]
if !quick {
    // 10 s per attempt: dot on the uncollapsed 2,000 ring takes ~29 s, so it is killed.
    let raw = LayoutBudget(maxNodes: 30_000, maxEdges: 60_000, maxDotNodes: 30_000, secondsPerLayout: 10)
    rows.append(Row(name: "300 uncollapsed, dot", input: .synthetic(entityCount: 300), budget: raw, uncollapsed: true))
    rows.append(Row(name: "2,000 uncollapsed, dot", input: .synthetic(entityCount: 2_000), budget: raw, uncollapsed: true))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

print("Graphviz \(DiagramRenderer.graphvizVersion), \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("| diagram | input entities | drawn nodes | drawn edges | engine | SVG (s) | SVG+PDF+PNG+DOT (s) | fallbacks |")
print("| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |")
for row in rows {
    let graph: DiagramGraph
    if row.uncollapsed {
        // Every entity and link as it is, styled like a ring diagram but not reduced.
        var plain = DiagramGraph(name: "raw", attributes: ["fontname": RingDiagram.fontName], nodeDefaults: ["fontname": RingDiagram.fontName, "shape": "box"])
        plain.nodes = row.input.nodes.map { .init(id: $0.id, attributes: ["label": $0.id + "\n" + $0.label]) }
        plain.edges = row.input.edges.map { .init(from: $0.from, to: $0.to, attributes: ["label": $0.relation]) }
        graph = plain
    } else {
        graph = try RingDiagram.graph(for: row.input, budget: row.budget)
    }
    let svg = try DiagramRenderer.render(graph, engine: .dot, formats: [.svg], budget: row.budget)
    let clock = ContinuousClock()
    let started = clock.now
    let all = try DiagramRenderer.render(graph, engine: .dot, formats: Set(DiagramFormat.allCases), budget: row.budget)
    let allSeconds = seconds(clock.now - started)
    if let writeDirectory, let png = all.documents[.png] {
        let name = row.name.filter { $0.isLetter || $0.isNumber }
        try Data(png).write(to: URL(fileURLWithPath: writeDirectory).appendingPathComponent("\(name).png"))
    }
    let fallbacks = svg.fallbacks.isEmpty ? "none" : svg.fallbacks.joined(separator: "; ")
    print("| \(row.name) | \(row.input.nodes.count) | \(graph.nodes.count) | \(graph.edges.count) | \(svg.engine.rawValue) | \(String(format: "%.2f", svg.seconds)) | \(String(format: "%.2f", allSeconds)) (\(all.engine.rawValue)) | \(fallbacks) |")
}
