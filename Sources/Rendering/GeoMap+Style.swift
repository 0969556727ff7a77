/// The map's colours, symbols and sizes, in one place (docs/architecture.md: "the map's colours
/// and symbols"). Colours are ColorBrewer-like: a light sequential yellow–brown for the province
/// density (it must not compete with the symbols), saturated distinct hues for the top rings,
/// red for factories, the colour of raids on every map.
extension GeoMap {
    public enum Style {
        typealias Colour = MapScene.Colour

        static let sea = Colour("#dfeaf2")
        static let landAbroad = Colour("#efeeea")
        static let landAbroadBorder = Colour("#c3c1b8")
        static let province = Colour("#fbfaf5")
        static let provinceBorder = Colour("#7d7b72")
        static let cityBorder = Colour("#cfcdc4")
        static let frame = Colour("#5a5a5a")
        static let text = Colour("#1d232b")
        static let mutedText = Colour("#52606d")
        static let placeText = Colour("#6b6b63")

        /// Province fill by ring storefronts, lightest first (five classes).
        static let density = [Colour("#fff4d8"), Colour("#fee1a8"), Colour("#fdc47a"), Colour("#f6a25a"), Colour("#e07b3c")]

        /// The top rings' colours, in rank order; the rest share ``otherRings``.
        public static let ringColours = [
            Colour("#1f63b0"), Colour("#1a9850"), Colour("#7b3294"), Colour("#0e9aa7"), Colour("#c51b7d"),
            Colour("#6b4f2a"), Colour("#5e7d00"), Colour("#3f3fbf"),
        ]
        static let otherRings = Colour("#8f8f8f")

        static let factoryFill = Colour("#c0392b")
        static let factoryStroke = Colour("#6e1a12")
        /// A place outside China, at sea, or whose text names another place.
        static let flag = Colour("#d40000")

        /// A factory's square grows with its raid rank: 20 pt for rank 1, 3.2 pt less per
        /// doubling of the rank, at least 7 pt.
        static func factorySide(rank: Int) -> Double {
            max(7, 20 - 3.2 * log2(Double(max(1, rank))))
        }

        /// A group of `count` ring addresses: 3.2 pt alone, larger with the log of the count.
        static func siteRadius(count: Int) -> Double {
            3.2 + 1.4 * log2(Double(max(1, count)))
        }

        /// Page points within which symbols of one kind are drawn as one group.
        static let factoryGroupRadius = 11.0
        static let siteGroupRadius = 7.0
        /// Factories labelled with rank and name on the printed map (the interactive map has all).
        static let factoryLabelLimit = 20
        /// Views narrower than this many degrees of longitude show city borders and names.
        static let cityDetailSpan = 22.0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
