import Geography

/// What a map shows, in the map's own words: rings, the factories that supply them, the
/// addresses they use and how many ring storefronts and seizures each province holds.
/// ``Rendering`` knows nothing of sellers: `CaseFiles` fills this from an investigation.
public struct GeoMapInput: Sendable {
    public var title: String
    /// Rings in rank order; the first ``GeoMap/Style/ringColours`` get a colour of their own.
    public var rings: [Ring]
    /// Factories in raid-rank order.
    public var factories: [Factory]
    /// The rings' addresses.
    public var sites: [Site]
    /// Ring storefronts and seizures per province (by the province's code).
    public var density: [Density]
    /// Lines for the notes box (e.g. how many places' text disagrees with their coordinates).
    public var notes: [String]

    public init(title: String, rings: [Ring] = [], factories: [Factory] = [], sites: [Site] = [], density: [Density] = [], notes: [String] = []) {
        self.title = title
        self.rings = rings
        self.factories = factories
        self.sites = sites
        self.density = density
        self.notes = notes
    }

    public struct Ring: Sendable {
        public var id: String
        public var rank: Int
        public var score: Double
        public var assessment: String
        public var summary: String
        public var brands: [String]
        /// Evidence kinds on record for the ring (`test_purchase_fake`, `seizure`…).
        public var evidence: [String]
        public var sellers: Int
        public var storefronts: Int
        /// Ids of the factories that supply it.
        public var factories: [String]
        public init(id: String, rank: Int, score: Double, assessment: String = "", summary: String = "", brands: [String] = [],
                    evidence: [String] = [], sellers: Int = 0, storefronts: Int = 0, factories: [String] = []) {
            self.id = id
            self.rank = rank
            self.score = score
            self.assessment = assessment
            self.summary = summary
            self.brands = brands
            self.evidence = evidence
            self.sellers = sellers
            self.storefronts = storefronts
            self.factories = factories
        }
    }

    public struct Factory: Sendable {
        public var id: String
        public var name: String
        /// Raid rank; 1 is the first target.
        public var rank: Int
        public var score: Double
        public var reasons: String
        public var rings: [String]
        public var coordinate: GeoCoordinate?
        /// The dataset's city and province text.
        public var place: String
        /// Said in the popup and the notes: e.g. that the text names another city.
        public var warning: String?
        public init(id: String, name: String, rank: Int, score: Double = 0, reasons: String = "", rings: [String] = [],
                    coordinate: GeoCoordinate?, place: String = "", warning: String? = nil) {
            self.id = id
            self.name = name
            self.rank = rank
            self.score = score
            self.reasons = reasons
            self.rings = rings
            self.coordinate = coordinate
            self.place = place
            self.warning = warning
        }
    }

    public struct Site: Sendable {
        public var id: String
        /// The address as written.
        public var label: String
        /// The ring it belongs to (its best-ranked one).
        public var ring: String
        public var coordinate: GeoCoordinate?
        public var place: String
        public var warning: String?
        public init(id: String, label: String, ring: String, coordinate: GeoCoordinate?, place: String = "", warning: String? = nil) {
            self.id = id
            self.label = label
            self.ring = ring
            self.coordinate = coordinate
            self.place = place
            self.warning = warning
        }
    }

    public struct Density: Sendable {
        public var provinceCode: String
        public var storefronts: Int
        public var seizures: Int
        public init(provinceCode: String, storefronts: Int, seizures: Int) {
            self.provinceCode = provinceCode
            self.storefronts = storefronts
            self.seizures = seizures
        }
    }
}
