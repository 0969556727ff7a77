import SellerGraph

/// What a physical identifier (a "line") is to the world, for the answer key.
enum IdentifierRole: UInt8 {
    /// One honest seller's own.
    case own
    /// An honest family's or holding's shared office line.
    case family
    /// A counterfeit ring's: reused by its operators across storefronts.
    case ring
    /// A hub: the marketplace's customer-service number, a carrier's public NAT address.
    case hub
    /// Shared by unrelated honest sellers: a co-working space's IP, a shop-setup agency's e-mail.
    case shared
}

/// Adds identifiers, ring members tied to their ring only through an identifier or an image,
/// and images to a built world. A pass of its own, on its own random stream, after
/// ``WorldBuilder``: the rest of the world is the same as without it.
///
/// What it imitates (docs/generator.md gives every share):
/// - honest sellers register with their own mobile and e-mail, log in from their own devices
///   and IP addresses, print their own number on listings; families share an office landline
///   and IP; a few unrelated honest sellers share a co-working IP or a shop-setup agency's
///   e-mail (ring-shaped and honest);
/// - hubs: the marketplace's customer-service numbers on a third of all storefronts, and a few
///   mobile carriers' public NAT addresses behind a quarter of the logins;
/// - rings: operators reuse a small pool of phones, devices and WeChat ids across storefronts
///   that otherwise look unrelated, each written several ways;
/// - hidden members: about a tenth of each ring's size (at least one) are sellers that look
///   honest in every other file, tied to the ring by one shared identifier only, or only by
///   the ring's WeChat id or phone in a listing photo;
/// - images: listing photos of those hidden members and of some ring storefronts with the
///   ring's contact in them, parcel-label photos of test purchases (return address, phone, the
///   customer-service number), and honest listing photos, some with the shop's own number.
struct IdentifierBuilder {
    typealias G = WorldGenerator

    private(set) var world: GeneratedWorld
    private var random: SplitMix64
    let imageBudget: Int
    private var storefrontsOf: [[Int32]] = []
    /// Each seller's own mobile line (registration and contact), made on first use.
    private var ownPhone: [Int32] = []
    private var ownDevice: [Int32] = []
    private var serviceNumbers: [Int32] = []
    private var carrierAddresses: [Int32] = []
    private var coworkingAddresses: [Int32] = []
    private var agencyEmails: [Int32] = []
    /// Per ring: its phones, devices, WeChat ids and office IP.
    private var ringPhones: [[Int32]] = []
    private var ringDevices: [[Int32]] = []
    private var ringWeChats: [[Int32]] = []
    /// The contact phone line each storefront shows (for its parcel label), or -1.
    private var contactPhone: [Int32] = []
    /// Lines with at least one row in links.csv so far.
    private var usedLines = Set<Int32>()

    init(world: GeneratedWorld, seed: UInt64, imageBudget: Int) {
        self.world = world
        random = SplitMix64(seed: seed, stream: 91)
        self.imageBudget = imageBudget
    }

    mutating func build() {
        let sellers = world.sellerCity.count
        storefrontsOf = Array(repeating: [], count: sellers)
        for (storefront, seller) in world.storefrontSeller.enumerated() { storefrontsOf[Int(seller)].append(Int32(storefront)) }
        ownPhone = Array(repeating: -1, count: sellers)
        ownDevice = Array(repeating: -1, count: sellers)
        contactPhone = Array(repeating: -1, count: world.storefrontSeller.count)
        for _ in 0 ..< 2 { serviceNumbers.append(newLine(.phone, .hub)) }
        for _ in 0 ..< 3 { carrierAddresses.append(newLine(.ip, .hub)) }
        for _ in 0 ..< max(1, sellers / 400) { coworkingAddresses.append(newLine(.ip, .shared)) }
        for _ in 0 ..< max(1, sellers / 1_000) { agencyEmails.append(newLine(.email, .shared)) }
        for _ in world.ringMembers {
            ringPhones.append((0 ..< random.between(1, 3)).map { _ in newLine(.phone, .ring) })
            ringDevices.append((0 ..< random.between(1, 2)).map { _ in newLine(.device, .ring) })
            ringWeChats.append((0 ..< random.between(1, 2)).map { _ in newLine(.wechat, .ring) })
        }
        var familyOffice: [Int32: (phone: Int32, ip: Int32)] = [:]
        for seller in 0 ..< Int32(sellers) {
            let ring = world.sellerRing[Int(seller)]
            let family = world.sellerFamily[Int(seller)]
            if ring >= 0 {
                ringSeller(seller, ring: Int(ring))
            } else if family >= 0 {
                if familyOffice[family] == nil { familyOffice[family] = (newLine(.phone, .family), newLine(.ip, .family)) }
                honestSeller(seller, office: familyOffice[family]!)
            } else {
                honestSeller(seller, office: nil)
            }
        }
        hideMembers()
        makeImages()
    }

    // MARK: - Sellers

    private mutating func honestSeller(_ seller: Int32, office: (phone: Int32, ip: Int32)?) {
        let since = world.sellerRegisteredOn[Int(seller)]
        if let office { use(office.phone, by: seller, .registeredWith, since: since) }
        if random.chance(0.95) { use(phone(of: seller), by: seller, .registeredWith, since: since) }
        if random.chance(0.01) {
            use(agencyEmails[random.below(agencyEmails.count)], by: seller, .registeredWith, since: since)
        } else if random.chance(0.7) {
            use(newLine(.email, .own), by: seller, .registeredWith, since: since)
        }
        let coworking = random.chance(0.04) ? coworkingAddresses[random.below(coworkingAddresses.count)] : -1
        for storefront in storefrontsOf[Int(seller)] {
            let opened = world.storefrontOpenedOn[Int(storefront)]
            if random.chance(0.6) {
                let line = office != nil && random.chance(0.5) ? office!.phone : phone(of: seller)
                use(line, by: storefront, .uses, since: opened)
                contactPhone[Int(storefront)] = line
            }
            if random.chance(0.3) { use(serviceNumbers[random.below(serviceNumbers.count)], by: storefront, .uses, since: opened) }
            if random.chance(0.7) { use(device(of: seller), by: storefront, .uses, since: opened) }
            let network = random.unit()
            if coworking >= 0 {
                use(coworking, by: storefront, .uses, since: opened)
            } else if let office, network < 0.6 {
                use(office.ip, by: storefront, .uses, since: opened)
            } else if network < 0.25 {
                use(carrierAddresses[random.below(carrierAddresses.count)], by: storefront, .uses, since: opened)
            } else if network < 0.75 {
                use(newLine(.ip, .own), by: storefront, .uses, since: opened)
            }
        }
    }

    private mutating func ringSeller(_ seller: Int32, ring: Int) {
        let since = world.sellerRegisteredOn[Int(seller)]
        // A quarter of a ring's sellers were registered with one of the operators' phones.
        use(random.chance(0.25) ? ringPhones[ring][random.below(ringPhones[ring].count)] : phone(of: seller), by: seller, .registeredWith, since: since)
        if random.chance(0.6) { use(newLine(.email, .own), by: seller, .registeredWith, since: since) }
        for storefront in storefrontsOf[Int(seller)] {
            let opened = world.storefrontOpenedOn[Int(storefront)]
            let line = random.chance(0.45) ? ringPhones[ring][random.below(ringPhones[ring].count)] : phone(of: seller)
            if random.chance(0.85) {
                use(line, by: storefront, .uses, since: opened)
                contactPhone[Int(storefront)] = line
            }
            if random.chance(0.3) { use(serviceNumbers[random.below(serviceNumbers.count)], by: storefront, .uses, since: opened) }
            use(random.chance(0.35) ? ringDevices[ring][random.below(ringDevices[ring].count)] : device(of: seller), by: storefront, .uses, since: opened)
            if random.chance(0.3) { use(ringWeChats[ring][random.below(ringWeChats[ring].count)], by: storefront, .uses, since: opened) }
            let network = random.unit()
            if network < 0.3 {
                use(carrierAddresses[random.below(carrierAddresses.count)], by: storefront, .uses, since: opened)
            } else if network < 0.8 {
                use(newLine(.ip, .own), by: storefront, .uses, since: opened)
            }
        }
    }

    /// Recruits, for each ring, sellers that look honest in every other file and are tied to
    /// the ring by one thing: a storefront using one of its phones or devices (in
    /// identifiers.csv), or a listing photo showing its WeChat id or phone (in no file but the
    /// image).
    ///
    /// The tie is always one the data shows: a line of the ring that its own members use in
    /// links.csv (a pool line no member happens to use would tie the recruit to nothing, and the
    /// answer key would count a member no analysis could find).
    private mutating func hideMembers() {
        let observable = usedLines
        func shown(_ pool: [Int32]) -> [Int32] { pool.filter { observable.contains($0) } }
        var candidates = (0 ..< Int32(world.sellerCity.count)).filter {
            world.sellerRing[Int($0)] < 0 && world.sellerFamily[Int($0)] < 0 && !storefrontsOf[Int($0)].isEmpty
        }
        random.shuffle(&candidates)
        var next = 0
        for ring in world.ringMembers.indices {
            let count = max(1, Int((Double(world.ringMembers[ring].count) * 0.1).rounded()))
            for _ in 0 ..< count where next < candidates.count {
                let seller = candidates[next]
                next += 1
                // Alternately over the whole world: half tied by an identifier, half by a photo.
                let image = world.hiddenMembers.count % 2 == 1
                let storefront = storefrontsOf[Int(seller)][random.below(storefrontsOf[Int(seller)].count)]
                world.sellerRing[Int(seller)] = Int32(ring)
                world.ringMembers[ring].append(seller)
                world.hiddenMembers.append((Int32(ring), seller, image))
                // The preferred kind of line if the ring shows one, else the other, else any.
                let (preferred, other) = image ? (ringWeChats[ring], ringPhones[ring]) : (ringPhones[ring], ringDevices[ring])
                var pool = random.chance(0.6) ? shown(preferred) : shown(other)
                if pool.isEmpty { pool = shown(preferred + other) }
                if pool.isEmpty { pool = preferred }
                let line = pool[random.below(pool.count)]
                if image {
                    addImage(storefront, kind: .listingImage, lines: [line])
                } else {
                    use(line, by: storefront, .uses, since: world.storefrontOpenedOn[Int(storefront)])
                }
            }
        }
    }

    // MARK: - Images

    private mutating func makeImages() {
        // Test purchases come with a photo of the parcel's label.
        var purchased: [Int32] = []
        var seen = Set<Int32>()
        for evidence in world.evidenceKind.indices where world.evidenceEntityKind[evidence] == UInt8(EntityKind.storefront.index) {
            let kind = EvidenceKind.allCases[Int(world.evidenceKind[evidence])]
            let storefront = world.evidenceEntity[evidence]
            if kind == .testPurchaseFake || kind == .testPurchaseGenuine, seen.insert(storefront).inserted { purchased.append(storefront) }
        }
        random.shuffle(&purchased)
        let returnAddress = returnAddresses()
        var ringStorefronts = (0 ..< Int32(world.storefrontSeller.count)).filter { world.sellerRing[Int(world.storefrontSeller[Int($0)])] >= 0 }
        random.shuffle(&ringStorefronts)
        var honest = (0 ..< Int32(world.storefrontSeller.count)).filter { world.sellerRing[Int(world.storefrontSeller[Int($0)])] < 0 }
        random.shuffle(&honest)
        let labels = max(0, (imageBudget - world.imageStorefront.count) * 2 / 5)
        for storefront in purchased.prefix(labels) {
            var lines: [Int32] = []
            if contactPhone[Int(storefront)] >= 0 { lines.append(contactPhone[Int(storefront)]) }
            lines.append(serviceNumbers[random.below(serviceNumbers.count)])
            addImage(storefront, kind: .parcelLabel, lines: lines, address: returnAddress[Int(storefront)])
        }
        let listings = max(0, (imageBudget - world.imageStorefront.count) / 2)
        for storefront in ringStorefronts.prefix(listings) {
            let ring = Int(world.sellerRing[Int(world.storefrontSeller[Int(storefront)])])
            var lines = [ringWeChats[ring][random.below(ringWeChats[ring].count)]]
            if random.chance(0.4) { lines.append(ringPhones[ring][random.below(ringPhones[ring].count)]) }
            addImage(storefront, kind: .listingImage, lines: lines)
        }
        for storefront in honest.prefix(max(0, imageBudget - world.imageStorefront.count)) {
            let lines = random.chance(0.5) ? [phone(of: world.storefrontSeller[Int(storefront)])] : []
            addImage(storefront, kind: random.chance(0.15) ? .packaging : .listingImage, lines: lines)
        }
    }

    /// Each storefront's first return address row, or -1.
    private func returnAddresses() -> [Int32] {
        var result = [Int32](repeating: -1, count: world.storefrontSeller.count)
        let relation = UInt8(Relation.returnsTo.index)
        for link in world.linkRelation.indices where world.linkRelation[link] == relation && result[Int(world.linkSource[link])] < 0 {
            result[Int(world.linkSource[link])] = world.linkTarget[link]
        }
        return result
    }

    private mutating func addImage(_ storefront: Int32, kind: ImageKind, lines: [Int32], address: Int32 = -1) {
        world.imageStorefront.append(storefront)
        world.imageKind.append(UInt8(ImageKind.allCases.firstIndex(of: kind)!))
        world.imageLines.append(lines)
        world.imageAddress.append(address)
    }

    // MARK: - Lines and rows

    private mutating func phone(of seller: Int32) -> Int32 {
        if ownPhone[Int(seller)] < 0 { ownPhone[Int(seller)] = newLine(.phone, .own) }
        return ownPhone[Int(seller)]
    }

    private mutating func device(of seller: Int32) -> Int32 {
        if ownDevice[Int(seller)] < 0 { ownDevice[Int(seller)] = newLine(.device, .own) }
        return ownDevice[Int(seller)]
    }

    private mutating func newLine(_ kind: IdentifierKind, _ role: IdentifierRole) -> Int32 {
        world.lineKind.append(UInt8(kind.index))
        world.lineRole.append(role.rawValue)
        return Int32(world.lineKind.count - 1)
    }

    /// Rows written so far per line and spelling, so that one spelling is one row.
    private var rowOf: [Int64: Int32] = [:]

    /// A link from `source` to a row of `line`: a ring's and a hub's lines are written several
    /// ways (a different spelling a third of the time), everyone else's one way.
    private mutating func use(_ line: Int32, by source: Int32, _ relation: Relation, since: Int32) {
        let role = IdentifierRole(rawValue: world.lineRole[Int(line)])!
        let varied = (role == .ring || role == .hub || role == .shared) && random.chance(0.35)
        let style = UInt8(varied ? 1 + random.below(G.identifierSpellings) : 0)
        let key = Int64(line) << 8 | Int64(style)
        usedLines.insert(line)
        let row: Int32
        if let existing = rowOf[key] {
            row = existing
        } else {
            row = Int32(world.identifierLine.count)
            world.identifierLine.append(line)
            world.identifierStyle.append(style)
            rowOf[key] = row
        }
        let first = min(WorldCalendar.end, since + Int32(random.below(30)))
        world.linkSource.append(source)
        world.linkTarget.append(row)
        world.linkRelation.append(UInt8(relation.index))
        world.linkFirst.append(first)
        world.linkLast.append(max(first, WorldCalendar.end - Int32(random.below(60))))
    }
}
