import Geography

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The counterfeit-facilities map (`map.svg`, `map.pdf`, the referral's map page): the
/// offline basemap in Web Mercator, auto-zoomed to the run's places, with
///
/// - factories as red squares sized by raid rank, the top ones labelled "#rank name";
/// - ring addresses as dots coloured by ring (the top rings each a colour, the rest grey);
/// - a line from each coloured ring (its most central address) to its factories;
/// - provinces shaded by the ring storefronts they hold, labelled with those and the seizures;
/// - symbols closer than a few points grouped into one with a count, never printed on top of
///   each other; labels placed where they cover no symbol or other label, or left out;
/// - a scale bar (true at the view's middle latitude, which it states), a north arrow, a
///   legend, the sources of the basemap, and the places that could not be drawn: without
///   coordinates (listed, never put at 0,0), outside the view, or flagged.
///
/// The layout is computed from the input alone, in input order, with page sizes in points and
/// fixed decimals: the same input gives the same bytes.
public enum GeoMap {
    /// The printed map: A3 landscape, in points.
    public static let pageSize = (width: 1190.55, height: 841.89)
    /// The referral's map page: A4 landscape.
    public static let referralPageSize = (width: 841.89, height: 595.28)

    /// The map of `input` in the given formats (SVG and PDF; others are not drawn).
    public static func render(_ input: GeoMapInput, basemap: Basemap, formats: Set<DiagramFormat>,
                              width: Double = pageSize.width, height: Double = pageSize.height) throws -> [DiagramFormat: [UInt8]] {
        let scene = self.scene(input, basemap: basemap, width: width, height: height)
        var documents: [DiagramFormat: [UInt8]] = [:]
        if formats.contains(.svg) { documents[.svg] = scene.svg() }
        if formats.contains(.pdf) { documents[.pdf] = try scene.pdf() }
        return documents
    }

    /// The laid-out map.
    public static func scene(_ input: GeoMapInput, basemap: Basemap, width: Double = pageSize.width, height: Double = pageSize.height) -> MapScene {
        var layout = Layout(input: input, basemap: basemap, width: width, height: height)
        return layout.draw()
    }

    /// Where each input place is: located on the basemap, in view or not.
    struct Place {
        enum Kind { case factory, site }
        var kind: Kind
        /// Index into the input's factories or sites.
        var index: Int
        var coordinate: GeoCoordinate
        var location: Location
        var flagged: Bool
    }

    /// The places of `input` with usable coordinates, located; and those without.
    static func places(_ input: GeoMapInput, basemap: Basemap) -> (placed: [Place], unplaced: [String]) {
        var placed: [Place] = [], unplaced: [String] = []
        for (index, factory) in input.factories.enumerated() {
            guard let coordinate = factory.coordinate else { unplaced.append(factory.id); continue }
            let location = basemap.locate(coordinate)
            placed.append(Place(kind: .factory, index: index, coordinate: coordinate, location: location,
                                flagged: location.standing != .china || factory.warning != nil))
        }
        for (index, site) in input.sites.enumerated() {
            guard let coordinate = site.coordinate else { unplaced.append(site.id); continue }
            let location = basemap.locate(coordinate)
            placed.append(Place(kind: .site, index: index, coordinate: coordinate, location: location,
                                flagged: location.standing != .china || site.warning != nil))
        }
        return (placed, unplaced)
    }

    /// The area to show: the places in China if there are any (the basemap's detail, and where
    /// the factories are), else all places, else all of China; at least 3° by 2°, padded.
    static func focus(of places: [Place], basemap: Basemap) -> GeoBounds {
        let inChina = places.filter { $0.location.standing == .china }
        let chosen = inChina.isEmpty ? places : inChina
        var bounds = GeoBounds(covering: chosen.map(\.coordinate))
            ?? GeoBounds(minLongitude: 73.5, minLatitude: 18, maxLongitude: 135, maxLatitude: 53.6)
        let center = bounds.center
        let halfWidth = max(1.5, (bounds.maxLongitude - bounds.minLongitude) / 2) * 1.12
        let halfHeight = max(1.0, (bounds.maxLatitude - bounds.minLatitude) / 2) * 1.12
        bounds = GeoBounds(minLongitude: center.longitude - halfWidth, minLatitude: max(-80, center.latitude - halfHeight),
                           maxLongitude: center.longitude + halfWidth, maxLatitude: min(80, center.latitude + halfHeight))
        return bounds
    }
}
