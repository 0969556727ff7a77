import SellerGraph
/// The world a ``WorldGenerator`` builds before writing it: every entity as a dense index into
/// parallel arrays (structure only; names and address texts are rendered when written, from a
/// random stream keyed by the entity's index, so they cost no memory).
struct GeneratedWorld: Sendable {
    static let unknownCoordinate = Int32.min
    static let noBrand: UInt8 = 255

    let seed: UInt64

    // Physical places. One place may be written as several address rows.
    var placeCity: [UInt8] = []
    var placeDistrict: [UInt8] = []
    var placeRoad: [UInt8] = []
    var placeNumber: [UInt16] = []
    var placeBuilding: [UInt8] = []
    var placeUnit: [UInt16] = []
    var placeKind: [UInt8] = []
    var placeLat: [Int32] = []
    var placeLon: [Int32] = []

    // Address rows (addresses.csv): a place, a spelling style, coordinates as geocoded.
    var addressPlace: [Int32] = []
    var addressStyle: [UInt8] = []
    var addressLat: [Int32] = []
    var addressLon: [Int32] = []

    // Sellers.
    var sellerCity: [UInt8] = []
    var sellerRegisteredOn: [Int32] = []
    var sellerFamily: [Int32] = []
    var sellerRing: [Int32] = []

    // Storefronts.
    var storefrontSeller: [Int32] = []
    var storefrontPlatform: [UInt8] = []
    var storefrontOpenedOn: [Int32] = []

    // Payment accounts.
    var accountKind: [UInt8] = []
    var accountOwner: [Int32] = []
    var accountProvider: [UInt8] = []

    // Factories: kind, the address row it is located at, ring storefronts it supplies (truth).
    var factoryKind: [UInt8] = []
    var factoryAddress: [Int32] = []
    var factoryRingStorefronts: [Int32] = []
    var factoryRings: [[Int32]] = []

    // Links.
    var linkSource: [Int32] = []
    var linkTarget: [Int32] = []
    var linkRelation: [UInt8] = []
    var linkFirst: [Int32] = []
    var linkLast: [Int32] = []

    // Evidence.
    var evidenceEntityKind: [UInt8] = []
    var evidenceEntity: [Int32] = []
    var evidenceKind: [UInt8] = []
    var evidenceBrand: [UInt8] = []
    var evidenceDay: [Int32] = []
    var evidenceNumber: [UInt32] = []
    /// The listing a screening flag refers to, or -1.
    var evidenceListing: [Int32] = []

    // Listings.
    var listingStorefront: [Int32] = []
    var listingBrand: [UInt8] = []
    var listingProduct: [UInt8] = []
    var listingColour: [UInt8] = []
    /// -1: none; 0..<counterfeitPhrases.count: counterfeit vocabulary; above: honest wording.
    var listingPhrase: [Int8] = []
    var listingPriceCents: [Int32] = []
    /// -1: unknown (unbranded goods).
    var listingMsrpCents: [Int32] = []
    var listingCurrency: [UInt8] = []
    var listingUnits: [Int32] = []

    // Identifiers (v2): each row of identifiers.csv is one way of writing a physical identifier
    // (a "line": one phone number, one WeChat account), as address rows are spellings of places.
    var lineKind: [UInt8] = []
    /// What the line is to the world (``IdentifierRole``), for the answer key.
    var lineRole: [UInt8] = []
    var identifierLine: [Int32] = []
    /// How the row writes its line's value (an index into the kind's spellings).
    var identifierStyle: [UInt8] = []

    // Images (v2): what each image shows. Texts are rendered when written.
    var imageStorefront: [Int32] = []
    var imageKind: [UInt8] = []
    /// Lines (physical identifiers) printed on the image.
    var imageLines: [[Int32]] = []
    /// The address row printed on a parcel label, or -1.
    var imageAddress: [Int32] = []
    /// Ring members tied to their ring only through an identifier or only through an image:
    /// (ring, seller, through an image?).
    var hiddenMembers: [(ring: Int32, seller: Int32, image: Bool)] = []

    // Truth and shape.
    var ringMembers: [[Int32]] = []
    var familyCount = 0
    /// The city of each family's office.
    var familyCity: [UInt8] = []
    var familySellerCount = 0
    var loneCounterfeiterCount = 0
    /// The lone counterfeiters (honest sellers selling fakes alone), for the traps' answer key.
    var loneCounterfeiters: [Int32] = []
    /// `truth/traps.csv` (worlds generated with traps): seller, ``Trap``, what the trap shares.
    var trapSeller: [Int32] = []
    var trapKind: [UInt8] = []
    var trapGroup: [TrapGroup] = []
    var sharedWorkshopCount = 0
    var hubPlaces: [Int32] = []
    var escrowAccounts: [Int32] = []

    init(seed: UInt64) {
        self.seed = seed
    }
}

extension GeneratedWorld {
    /// Appends a link row (last seen no earlier than first seen).
    mutating func appendLink(_ source: Int32, _ target: Int32, _ relation: Relation, first: Int32, last: Int32) {
        linkSource.append(source)
        linkTarget.append(target)
        linkRelation.append(UInt8(relation.index))
        linkFirst.append(first)
        linkLast.append(max(first, last))
    }

    /// Appends an evidence row; `number` makes its reference.
    mutating func appendEvidence(_ kind: EntityKind, _ entity: Int32, _ evidence: EvidenceKind, brand: UInt8, day: Int32,
                                 number: UInt32, listing: Int32 = -1) {
        evidenceEntityKind.append(UInt8(kind.index))
        evidenceEntity.append(entity)
        evidenceKind.append(UInt8(evidence.index))
        evidenceBrand.append(brand)
        evidenceDay.append(day)
        evidenceNumber.append(number)
        evidenceListing.append(listing)
    }
}

enum FactoryKind: UInt8 {
    /// A large legitimate manufacturer supplying thousands of storefronts.
    case oem
    /// A small legitimate supplier.
    case supplier
    /// A ring's counterfeit workshop.
    case workshop
}

enum AccountKind: UInt8 {
    case escrow, own, family, ringPool, ringCollector, offshore
    /// A legitimate factory's bank account, paid by the sellers it supplies.
    case factory
}

/// Dates as days since 2010-01-01 (on top of ``Dates``, the dataset's date arithmetic).
enum WorldCalendar {
    static let epoch = Dates.daysFromCivil(year: 2010, month: 1, day: 1)

    static func day(_ year: Int, _ month: Int, _ day: Int) -> Int32 {
        Int32(Dates.daysFromCivil(year: year, month: month, day: day) - epoch)
    }

    /// `YYYY-MM-DD` for a day number.
    static func text(_ dayNumber: Int32) -> String {
        Dates.format(Int32(Int(dayNumber) + epoch))
    }

    /// The last day of observation in generated worlds.
    static let end = day(2025, 10, 31)
    static let firstRegistration = day(2012, 1, 1)
    static let firstRing = day(2019, 1, 1)
}
