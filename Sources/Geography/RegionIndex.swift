/// A grid over longitude and latitude that lists, per cell, the regions whose bounding box
/// meets it, so that finding the region of a point tests a handful of outlines, not all.
struct RegionIndex: Sendable {
    /// Cell size in degrees: a prefecture-level city spans one to a few degrees.
    static let cellDegrees = 1.0
    private let minLongitude: Double
    private let minLatitude: Double
    private let columns: Int
    private let rows: Int
    /// Cell `c` lists `members[offsets[c] ..< offsets[c + 1]]` (CSR, as the graphs do).
    private let offsets: [Int]
    private let members: [Int32]

    init(_ regions: [Region]) {
        guard let first = regions.first else {
            (minLongitude, minLatitude, columns, rows, offsets, members) = (0, 0, 0, 0, [0], [])
            return
        }
        var bounds = first.bounds
        for region in regions {
            bounds.include(GeoCoordinate(latitude: region.bounds.minLatitude, longitude: region.bounds.minLongitude))
            bounds.include(GeoCoordinate(latitude: region.bounds.maxLatitude, longitude: region.bounds.maxLongitude))
        }
        minLongitude = bounds.minLongitude.rounded(.down)
        minLatitude = bounds.minLatitude.rounded(.down)
        columns = Int((bounds.maxLongitude - minLongitude) / Self.cellDegrees) + 1
        rows = Int((bounds.maxLatitude - minLatitude) / Self.cellDegrees) + 1
        var cells = [[Int32]](repeating: [], count: columns * rows)
        for (index, region) in regions.enumerated() where region.ringCount > 0 {
            let (c0, r0) = (Int((region.bounds.minLongitude - minLongitude) / Self.cellDegrees), Int((region.bounds.minLatitude - minLatitude) / Self.cellDegrees))
            let (c1, r1) = (Int((region.bounds.maxLongitude - minLongitude) / Self.cellDegrees), Int((region.bounds.maxLatitude - minLatitude) / Self.cellDegrees))
            for row in r0 ... min(r1, rows - 1) {
                for column in c0 ... min(c1, columns - 1) { cells[row * columns + column].append(Int32(index)) }
            }
        }
        var offsets = [0]
        offsets.reserveCapacity(cells.count + 1)
        for cell in cells { offsets.append(offsets.last! + cell.count) }
        self.offsets = offsets
        self.members = cells.flatMap { $0 }
    }

    /// The regions whose bounding box may hold `point`, in region order.
    func candidates(for point: GeoCoordinate) -> ArraySlice<Int32> {
        let column = Int(((point.longitude - minLongitude) / Self.cellDegrees).rounded(.down))
        let row = Int(((point.latitude - minLatitude) / Self.cellDegrees).rounded(.down))
        guard column >= 0, column < columns, row >= 0, row < rows else { return [] }
        let cell = row * columns + column
        return members[offsets[cell] ..< offsets[cell + 1]]
    }

    /// The regions whose bounding box may lie within `degrees` of `point`, each once, in order.
    func candidates(near point: GeoCoordinate, within degrees: Double) -> [Int32] {
        var found: Set<Int32> = []
        let steps = Int((degrees / Self.cellDegrees).rounded(.up))
        for dRow in -steps ... steps {
            for dColumn in -steps ... steps {
                let shifted = GeoCoordinate(latitude: point.latitude + Double(dRow) * Self.cellDegrees,
                                            longitude: point.longitude + Double(dColumn) * Self.cellDegrees)
                found.formUnion(candidates(for: shifted))
            }
        }
        return found.sorted()
    }
}
