import Geography

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GeoMap {
    /// One drawing of a map: the page, the projection of the view onto the frame, the symbols
    /// and the labels placed so far.
    struct Layout {
        typealias Point = MapScene.Point
        typealias Paint = MapScene.Paint

        let input: GeoMapInput
        let basemap: Basemap
        var scene: MapScene
        let margin = 22.0
        let titleHeight = 50.0
        let legendWidth: Double
        /// The map frame on the page.
        let frame: (x: Double, y: Double, width: Double, height: Double)
        /// Projected centre and points per projected unit.
        let center: (x: Double, y: Double)
        let scale: Double
        /// The geographic box the frame shows.
        let view: GeoBounds
        let places: [Place]
        let unplaced: [String]
        /// Rectangles already covered (symbols, labels), for label placement.
        var occupied: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        /// Ring id → its colour index (the top rings) in ``Style/ringColours``.
        let ringColour: [String: Int]
        /// Ring id → its rank order in the input.
        let ringOrder: [String: Int]
        /// The coloured rings' centres, labelled with their ids after the factories.
        var ringCentres: [(id: String, at: Point)] = []

        init(input: GeoMapInput, basemap: Basemap, width: Double, height: Double) {
            self.input = input
            self.basemap = basemap
            scene = MapScene(width: width, height: height, title: input.title)
            legendWidth = width > 1000 ? 300 : 230
            frame = (margin, titleHeight, width - legendWidth - 3 * margin, height - titleHeight - margin)
            let located = GeoMap.places(input, basemap: basemap)
            places = located.placed
            unplaced = located.unplaced
            let focus = GeoMap.focus(of: places, basemap: basemap)
            let low = WebMercator.project(GeoCoordinate(latitude: focus.minLatitude, longitude: focus.minLongitude))
            let high = WebMercator.project(GeoCoordinate(latitude: focus.maxLatitude, longitude: focus.maxLongitude))
            center = ((low.x + high.x) / 2, (low.y + high.y) / 2)
            scale = min(frame.width / max(high.x - low.x, 1e-9), frame.height / max(high.y - low.y, 1e-9))
            let halfX = frame.width / 2 / scale, halfY = frame.height / 2 / scale
            let southWest = WebMercator.coordinate(x: center.x - halfX, y: center.y - halfY)
            let northEast = WebMercator.coordinate(x: center.x + halfX, y: center.y + halfY)
            view = GeoBounds(minLongitude: southWest.longitude, minLatitude: southWest.latitude,
                             maxLongitude: northEast.longitude, maxLatitude: northEast.latitude)
            var colours: [String: Int] = [:], order: [String: Int] = [:]
            for (index, ring) in input.rings.enumerated() {
                order[ring.id] = order[ring.id] ?? index
                if index < Style.ringColours.count { colours[ring.id] = colours[ring.id] ?? index }
            }
            ringColour = colours
            ringOrder = order
        }

        /// `coordinate` on the page.
        func point(_ coordinate: GeoCoordinate) -> Point {
            let projected = WebMercator.project(coordinate)
            return Point(frame.x + frame.width / 2 + (projected.x - center.x) * scale,
                         frame.y + frame.height / 2 - (projected.y - center.y) * scale)
        }

        func inFrame(_ point: Point) -> Bool {
            point.x >= frame.x && point.x <= frame.x + frame.width && point.y >= frame.y && point.y <= frame.y + frame.height
        }

        mutating func draw() -> MapScene {
            scene.items.append(.clip(x: frame.x, y: frame.y, width: frame.width, height: frame.height))
            scene.items.append(.polygon([[Point(frame.x, frame.y), Point(frame.x + frame.width, frame.y),
                                          Point(frame.x + frame.width, frame.y + frame.height), Point(frame.x, frame.y + frame.height)]],
                                        Paint(fill: Style.sea)))
            drawBasemap()
            let groups = drawSymbols()
            scene.items.append(.unclip)
            scene.items.append(.polygon([[Point(frame.x, frame.y), Point(frame.x + frame.width, frame.y),
                                          Point(frame.x + frame.width, frame.y + frame.height), Point(frame.x, frame.y + frame.height)]],
                                        Paint(stroke: Style.frame, lineWidth: 0.8)))
            drawLabels(groups)
            drawScaleBar()
            drawNorthArrow()
            drawTitle()
            drawLegend(groups: groups)
            return scene
        }

        // MARK: - Basemap

        /// A region's rings on the page, thinned to one point per 0.4 pt (more is invisible).
        func pageRings(_ region: Region) -> [[Point]] {
            var rings: [[Point]] = []
            for ring in 0 ..< region.ringCount {
                var points: [Point] = []
                for index in region.ringStarts[ring] ..< region.ringStarts[ring + 1] {
                    let page = point(GeoCoordinate(latitude: region.latitudes[index], longitude: region.longitudes[index]))
                    if let last = points.last, abs(last.x - page.x) < 0.4, abs(last.y - page.y) < 0.4 { continue }
                    points.append(page)
                }
                guard points.count >= 3 else { continue }
                let xs = points.map(\.x), ys = points.map(\.y)
                guard xs.max()! - xs.min()! > 0.8 || ys.max()! - ys.min()! > 0.8 else { continue }
                rings.append(points)
            }
            return rings
        }

        var densityByProvince: [String: GeoMapInput.Density] {
            Dictionary(input.density.map { ($0.provinceCode, $0) }, uniquingKeysWith: { first, _ in first })
        }

        var densityBreaks: [Int] { GeoMap.densityBreaks(input.density.map(\.storefronts)) }

        func densityClass(_ count: Int) -> Int? {
            let index = GeoMap.densityClass(count, breaks: densityBreaks)
            return index >= 0 ? index : nil
        }

        mutating func drawBasemap() {
            let wide = view.expanded(by: 1)
            for index in basemap.regions(.country, intersecting: wide) {
                scene.items.append(.polygon(pageRings(basemap.countries[index]), Paint(fill: Style.landAbroad, stroke: Style.landAbroadBorder, lineWidth: 0.5)))
            }
            let provinces = basemap.regions(.province, intersecting: wide)
            let density = densityByProvince
            for index in provinces {
                let region = basemap.provinces[index]
                let fill = densityClass(density[region.code]?.storefronts ?? 0).map { Style.density[$0] } ?? Style.province
                scene.items.append(.polygon(pageRings(region), Paint(fill: fill)))
            }
            if view.maxLongitude - view.minLongitude < Style.cityDetailSpan {
                for index in basemap.regions(.city, intersecting: wide) {
                    scene.items.append(.polygon(pageRings(basemap.cities[index]), Paint(stroke: Style.cityBorder, lineWidth: 0.35)))
                }
            }
            for index in provinces {
                scene.items.append(.polygon(pageRings(basemap.provinces[index]), Paint(stroke: Style.provinceBorder, lineWidth: 0.7)))
            }
        }

        // MARK: - Symbols

        /// Places drawn as one symbol.
        struct Group {
            var kind: Place.Kind
            var position: Point
            /// Indices into ``Layout/places``, best first.
            var members: [Int]
            var flagged: Bool
        }

        /// Groups the in-view places of one kind: each joins the first group whose symbol lies
        /// within `radius` points, else starts one (greedy, in priority order, on a grid of
        /// `radius` cells: O(n)).
        func group(_ kind: Place.Kind, radius: Double) -> [Group] {
            var order = places.indices.filter { places[$0].kind == kind && inFrame(point(places[$0].coordinate)) }
            if kind == .site {
                order.sort { (ringOrder[input.sites[places[$0].index].ring] ?? .max, $0) < (ringOrder[input.sites[places[$1].index].ring] ?? .max, $1) }
            }
            var groups: [Group] = []
            var grid: [Int64: [Int]] = [:]
            func cell(_ x: Double, _ y: Double) -> (Int64, Int64) { (Int64((x / radius).rounded(.down)), Int64((y / radius).rounded(.down))) }
            for index in order {
                let position = point(places[index].coordinate)
                let (column, row) = cell(position.x, position.y)
                var joined: Int?
                for dRow: Int64 in -1 ... 1 {
                    for dColumn: Int64 in -1 ... 1 {
                        for candidate in grid[(row + dRow) << 32 &+ (column + dColumn)] ?? [] {
                            let other = groups[candidate].position
                            let dx = other.x - position.x, dy = other.y - position.y
                            if dx * dx + dy * dy <= radius * radius, joined.map({ candidate < $0 }) ?? true { joined = candidate }
                        }
                    }
                }
                if let joined {
                    groups[joined].members.append(index)
                    groups[joined].flagged = groups[joined].flagged || places[index].flagged
                } else {
                    grid[row << 32 &+ column, default: []].append(groups.count)
                    groups.append(Group(kind: kind, position: position, members: [index], flagged: places[index].flagged))
                }
            }
            return groups
        }

        func colour(ofRing id: String) -> MapScene.Colour {
            ringColour[id].map { Style.ringColours[$0] } ?? Style.otherRings
        }

        /// Draws lines, addresses and factories; returns the groups (factories first).
        mutating func drawSymbols() -> (factories: [Group], sites: [Group]) {
            let factoryGroups = group(.factory, radius: Style.factoryGroupRadius)
            let siteGroups = group(.site, radius: Style.siteGroupRadius)
            // Each coloured ring's centre: its medoid address in view (the one nearest to all the
            // others), a real place of the ring, which a mean would not be.
            var factoryPosition: [String: Point] = [:]
            for group in factoryGroups {
                for member in group.members { factoryPosition[input.factories[places[member].index].id] = group.position }
            }
            for ring in input.rings.prefix(Style.ringColours.count) {
                let positions = places.filter { $0.kind == .site && input.sites[$0.index].ring == ring.id }.map { point($0.coordinate) }.filter(inFrame)
                guard !positions.isEmpty else { continue }
                let centre = GeoMap.medoid(positions)
                for factory in ring.factories {
                    guard let target = factoryPosition[factory] else { continue }
                    scene.items.append(.polyline([centre, target], Paint(stroke: colour(ofRing: ring.id), lineWidth: 1.3, opacity: 0.75, dash: [5, 2.5])))
                }
                scene.items.append(.circle(center: centre, radius: 2, Paint(fill: colour(ofRing: ring.id))))
                ringCentres.append((ring.id, centre))
            }
            for group in siteGroups {
                let best = input.sites[places[group.members[0]].index]
                let radius = Style.siteRadius(count: group.members.count)
                if group.flagged { scene.items.append(.circle(center: group.position, radius: radius + 2.5, Paint(stroke: Style.flag, lineWidth: 1.2))) }
                scene.items.append(.circle(center: group.position, radius: radius, Paint(fill: colour(ofRing: best.ring), stroke: MapScene.Colour("#ffffff"), lineWidth: 0.6)))
                if group.members.count > 1, radius >= 4.5 {
                    scene.items.append(.text(String(group.members.count), at: Point(group.position.x, group.position.y + 2.2), size: 6,
                                             anchor: .middle, bold: true, colour: MapScene.Colour("#ffffff"), halo: false))
                }
                occupied.append((group.position.x - radius, group.position.y - radius, group.position.x + radius, group.position.y + radius))
            }
            for group in factoryGroups.reversed() {
                let best = input.factories[places[group.members[0]].index]
                let side = Style.factorySide(rank: best.rank)
                if group.flagged { scene.items.append(.circle(center: group.position, radius: side * 0.72 + 2.5, Paint(stroke: Style.flag, lineWidth: 1.2))) }
                scene.items.append(.square(center: group.position, side: side, Paint(fill: Style.factoryFill, stroke: Style.factoryStroke, lineWidth: 1)))
                if group.members.count > 1 {
                    scene.items.append(.text(String(group.members.count), at: Point(group.position.x, group.position.y + 2.5), size: min(8, side * 0.6),
                                             anchor: .middle, bold: true, colour: MapScene.Colour("#ffffff"), halo: false))
                }
                occupied.append((group.position.x - side / 2, group.position.y - side / 2, group.position.x + side / 2, group.position.y + side / 2))
            }
            return (factoryGroups, siteGroups)
        }

        // MARK: - Labels

        func isFree(_ box: (x0: Double, y0: Double, x1: Double, y1: Double)) -> Bool {
            guard box.x0 >= frame.x + 2, box.x1 <= frame.x + frame.width - 2, box.y0 >= frame.y + 2, box.y1 <= frame.y + frame.height - 2 else { return false }
            return !occupied.contains { box.x0 < $0.x1 && $0.x0 < box.x1 && box.y0 < $0.y1 && $0.y0 < box.y1 }
        }

        /// Places `lines` beside a symbol of half-size `half` at `at`: right, left, above, below,
        /// then the corners; the first free spot wins. Returns whether it was placed.
        @discardableResult
        mutating func label(_ lines: [(text: String, size: Double, bold: Bool, colour: MapScene.Colour)], at: Point, half: Double) -> Bool {
            let width = lines.map { MapScene.estimatedWidth($0.text, size: $0.size) }.max() ?? 0
            let height = lines.map { $0.size * 1.2 }.reduce(0, +)
            let gap = half + 2.5
            let spots: [(x: Double, y: Double, anchor: MapScene.Anchor)] = [
                (at.x + gap, at.y - height / 2, .start), (at.x - gap, at.y - height / 2, .end),
                (at.x, at.y - gap - height, .middle), (at.x, at.y + gap, .middle),
                (at.x + gap * 0.8, at.y - gap * 0.8 - height, .start), (at.x + gap * 0.8, at.y + gap * 0.8, .start),
                (at.x - gap * 0.8, at.y - gap * 0.8 - height, .end), (at.x - gap * 0.8, at.y + gap * 0.8, .end),
            ]
            for spot in spots {
                let x0 = spot.anchor == .start ? spot.x : spot.anchor == .middle ? spot.x - width / 2 : spot.x - width
                let box = (x0: x0, y0: spot.y, x1: x0 + width, y1: spot.y + height)
                guard isFree(box) else { continue }
                occupied.append(box)
                var y = spot.y
                for line in lines {
                    y += line.size
                    scene.items.append(.text(line.text, at: Point(spot.x, y), size: line.size, anchor: spot.anchor, bold: line.bold, colour: line.colour, halo: true))
                    y += line.size * 0.2
                }
                return true
            }
            return false
        }

        mutating func drawLabels(_ groups: (factories: [Group], sites: [Group])) {
            var labelled = 0
            for group in groups.factories.sorted(by: { input.factories[places[$0.members[0]].index].rank < input.factories[places[$1.members[0]].index].rank }) {
                guard labelled < Style.factoryLabelLimit else { break }
                let best = input.factories[places[group.members[0]].index]
                var text = "#\(best.rank) " + GeoMap.truncated(best.name.isEmpty ? best.id : best.name, to: 30)
                if group.members.count > 1 { text += " +\(group.members.count - 1)" }
                if label([(text, 8.5, true, Style.text)], at: group.position, half: Style.factorySide(rank: best.rank) / 2) { labelled += 1 }
            }
            for centre in ringCentres {
                label([(centre.id, 7.5, true, colour(ofRing: centre.id))], at: centre.at, half: 2)
            }
            let density = densityByProvince
            for index in basemap.regions(.province, intersecting: view) {
                let region = basemap.provinces[index]
                let at = point(region.labelPoint)
                guard inFrame(at) else { continue }
                var lines: [(text: String, size: Double, bold: Bool, colour: MapScene.Colour)] = [(region.displayName, 8, false, Style.mutedText)]
                if let counts = density[region.code], counts.storefronts + counts.seizures > 0 {
                    lines.append(("\(counts.storefronts) storefronts · \(counts.seizures) seizures", 7, false, Style.mutedText))
                }
                label(lines, at: at, half: 0)
            }
            if view.maxLongitude - view.minLongitude < Style.cityDetailSpan {
                var cities: [Int] = []
                for place in places where place.location.city != nil && !cities.contains(place.location.city!) { cities.append(place.location.city!) }
                for city in cities.sorted() {
                    let region = basemap.cities[city]
                    let at = point(region.labelPoint)
                    if inFrame(at) { label([(region.displayName, 7, false, Style.placeText)], at: at, half: 0) }
                }
            }
        }

        // MARK: - Scale, north, title

        mutating func drawScaleBar() {
            let middle = WebMercator.coordinate(x: center.x, y: center.y)
            let kilometresPerPoint = WebMercator.kilometresPerUnit(atLatitude: middle.latitude) / scale
            let target = frame.width / 5 * kilometresPerPoint
            let magnitude = pow(10, floor(log10(target)))
            let nice = [5.0, 2, 1].map { $0 * magnitude }.first { $0 <= target } ?? magnitude
            let length = nice / kilometresPerPoint
            let x = frame.x + 14, y = frame.y + frame.height - 22
            scene.items.append(.polygon([[Point(x - 6, y - 14), Point(x + length + 46, y - 14), Point(x + length + 46, y + 16), Point(x - 6, y + 16)]],
                                        Paint(fill: MapScene.Colour("#ffffff"), opacity: 0.85)))
            scene.items.append(.polygon([[Point(x, y), Point(x + length / 2, y), Point(x + length / 2, y + 4), Point(x, y + 4)]], Paint(fill: Style.text)))
            scene.items.append(.polygon([[Point(x, y), Point(x + length, y), Point(x + length, y + 4), Point(x, y + 4)]], Paint(stroke: Style.text, lineWidth: 0.7)))
            scene.items.append(.text("0", at: Point(x, y - 3), size: 7, anchor: .middle, bold: false, colour: Style.text, halo: false))
            scene.items.append(.text(GeoMap.kilometres(nice / 2), at: Point(x + length / 2, y - 3), size: 7, anchor: .middle, bold: false, colour: Style.text, halo: false))
            scene.items.append(.text(GeoMap.kilometres(nice) + " km", at: Point(x + length, y - 3), size: 7, anchor: .middle, bold: false, colour: Style.text, halo: false))
            scene.items.append(.text("at \(GeoMap.degrees(middle.latitude, positive: "N", negative: "S"))", at: Point(x, y + 13), size: 6.5,
                                     anchor: .start, bold: false, colour: Style.mutedText, halo: false))
            occupied.append((x - 6, y - 14, x + length + 46, y + 16))
        }

        mutating func drawNorthArrow() {
            let x = frame.x + frame.width - 22, y = frame.y + 16
            scene.items.append(.circle(center: Point(x, y + 10), radius: 14, Paint(fill: MapScene.Colour("#ffffff"), opacity: 0.85)))
            scene.items.append(.polygon([[Point(x, y), Point(x + 5, y + 15), Point(x, y + 12), Point(x - 5, y + 15)]], Paint(fill: Style.text)))
            scene.items.append(.text("N", at: Point(x, y + 24), size: 8, anchor: .middle, bold: true, colour: Style.text, halo: false))
            occupied.append((x - 14, y - 4, x + 14, y + 26))
        }

        mutating func drawTitle() {
            scene.items.append(.text(GeoMap.truncated(input.title, to: 110), at: Point(margin, 26), size: 15, anchor: .start, bold: true, colour: Style.text, halo: false))
            let drawnFactories = places.filter { $0.kind == .factory && inFrame(point($0.coordinate)) }.count
            let drawnSites = places.filter { $0.kind == .site && inFrame(point($0.coordinate)) }.count
            let subtitle = "\(drawnFactories) of \(input.factories.count) factories and \(drawnSites) of \(input.sites.count) ring addresses drawn · "
                + "view \(GeoMap.degrees(view.minLatitude, positive: "N", negative: "S"))–\(GeoMap.degrees(view.maxLatitude, positive: "N", negative: "S")), "
                + "\(GeoMap.degrees(view.minLongitude, positive: "E", negative: "W"))–\(GeoMap.degrees(view.maxLongitude, positive: "E", negative: "W"))"
            scene.items.append(.text(subtitle, at: Point(margin, 42), size: 8.5, anchor: .start, bold: false, colour: Style.mutedText, halo: false))
        }
    }

    /// The point with the least summed distance to the others (the first such).
    static func medoid(_ points: [MapScene.Point]) -> MapScene.Point {
        var best = points[0], bestSum = Double.infinity
        for candidate in points {
            var sum = 0.0
            for other in points { sum += ((candidate.x - other.x) * (candidate.x - other.x) + (candidate.y - other.y) * (candidate.y - other.y)).squareRoot() }
            if sum < bestSum { (best, bestSum) = (candidate, sum) }
        }
        return best
    }

    /// Upper bounds of the province density classes: geometric steps up to the largest count,
    /// so that a few provinces with many storefronts do not leave the rest in one class.
    static func densityBreaks(_ counts: [Int]) -> [Int] {
        let largest = counts.max() ?? 0
        guard largest > 0 else { return [] }
        var breaks: [Int] = []
        for step in 1 ... Style.density.count {
            let bound = Int((pow(Double(largest + 1), Double(step) / Double(Style.density.count)) - 1).rounded(.up))
            if bound > (breaks.last ?? 0) { breaks.append(min(bound, largest)) }
        }
        if breaks.last != largest { breaks.append(largest) }
        return breaks
    }

    /// The colour index in ``Style/density`` of `count`; -1 for none. With fewer breaks than
    /// colours (small counts), the classes take the palette's darker end.
    static func densityClass(_ count: Int, breaks: [Int]) -> Int {
        guard count > 0, !breaks.isEmpty else { return -1 }
        let index = breaks.firstIndex { count <= $0 } ?? breaks.count - 1
        return min(Style.density.count - 1, index + (Style.density.count - breaks.count))
    }

    /// "1,000", "500", "2.5", "0.5" — a scale-bar length in kilometres.
    static func kilometres(_ value: Double) -> String {
        if value >= 1000 { return RingDiagram.formatted(Int(value.rounded())) }
        if value >= 1, value == value.rounded() { return String(Int(value)) }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// "25.3°N" with one decimal.
    static func degrees(_ value: Double, positive: String, negative: String) -> String {
        let tenths = Int((abs(value) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)°" + (value < 0 ? negative : positive)
    }

    /// `text` cut to `limit` characters with "…".
    static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
