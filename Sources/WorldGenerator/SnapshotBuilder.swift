import Foundation
import SellerGraph

/// The work of ``WorldSnapshot``: a dataset held as rows, evolved by removing sellers and adding
/// copies of existing ones (see ``WorldSnapshot`` for the picture).
struct SnapshotBuilder {
    /// An entity of the dataset by kind and id.
    struct Key: Hashable, Comparable {
        var kind: String
        var id: String
        static func < (a: Key, b: Key) -> Bool { a.kind != b.kind ? a.kind < b.kind : a.id < b.id }
    }

    /// The entity files: kind, file, id column.
    static let entityFiles: [(kind: String, file: String, idColumn: String)] = [
        ("seller", "sellers.csv", "seller_id"), ("storefront", "storefronts.csv", "storefront_id"),
        ("payment_account", "payment_accounts.csv", "account_id"), ("address", "addresses.csv", "address_id"),
        ("factory", "factories.csv", "factory_id"), ("identifier", "identifiers.csv", "identifier_id"),
    ]
    /// The relations of links.csv (DATASET.md v2) with their endpoint kinds.
    static let relations: [String: (source: String, target: String)] = [
        "pays_to": ("storefront", "payment_account"), "ships_from": ("storefront", "address"), "returns_to": ("storefront", "address"),
        "registered_at": ("seller", "address"), "supplied_by": ("storefront", "factory"), "located_at": ("factory", "address"),
        "transfers_to": ("payment_account", "payment_account"), "uses": ("storefront", "identifier"), "registered_with": ("seller", "identifier"),
    ]
    /// Honest sellers an entity must serve to be public infrastructure (a hub, an escrow pool, an
    /// OEM): newcomers use it as it is instead of a copy of it.
    static let publicUsers = 10

    let source: URL
    let parameters: WorldSnapshot.Parameters
    private(set) var summary = WorldSnapshot.Summary()
    private var random: SplitMix64
    private var tables: [String: CSVTable] = [:]
    private var truth: [String: CSVTable] = [:]
    private(set) var truthRings: [(id: String, sellers: [String])] = []
    private var ringOf: [String: String] = [:]

    // Indexes of the old export.
    private var rowOf: [String: [String: Int]] = [:]
    private var takenIDs: [String: Set<String>] = [:]
    private var storefrontsOf: [String: [String]] = [:]
    private var linksFrom: [Key: [Int]] = [:]
    private var linksTo: [Key: [Int]] = [:]
    private var evidenceOn: [Key: [Int]] = [:]
    private var listingsOf: [String: [Int]] = [:]
    /// Ring sellers and (up to ``publicUsers``) honest sellers using each entity.
    private var ringUsers: [Key: Set<String>] = [:]
    /// `ringUsers` the other way round: what each ring member uses (built once it is complete).
    private var usedBy: [String: [Key]] = [:]
    private var honestUsers: [Key: Set<String>] = [:]
    private var baseLinkCount = 0
    private var oldEnd: Int32 = 0
    private var newEnd: Int32 = 0

    // What changes.
    private var removedSellers: Set<String> = []
    private var reusedByNewcomers: Set<Key> = []
    private var newTruthRings: [(ring: String, seller: String)] = []
    private var lineage: [[String]] = []
    private var outcomes: [[String]] = []
    private var clonedFactories: [(new: String, template: String)] = []
    private var clonedAddresses: [(new: String, template: String)] = []

    init(source: URL, parameters: WorldSnapshot.Parameters) throws {
        self.source = source
        self.parameters = parameters
        random = SplitMix64(seed: parameters.seed, stream: 71)
        for file in Self.entityFiles.map(\.file) + ["links.csv", "evidence.csv", "listings.csv", "images.csv"] {
            if let table = try CSVTable.read(source.appendingPathComponent(file).path) { tables[file] = table }
        }
        for file in ["rings.csv", "factories.csv", "addresses.csv", "lineage.csv"] {
            if let table = try CSVTable.read(source.appendingPathComponent("truth/" + file).path) { truth[file] = table }
        }
        guard let rings = truth["rings.csv"], let ringColumn = rings.column("ring_id"), let sellerColumn = rings.column("seller_id") else {
            throw WorldGenerator.ParameterError(message: "\(source.path) has no truth/rings.csv (ring_id, seller_id): a snapshot evolves the known rings of a generated world")
        }
        guard let links = tables["links.csv"], tables["sellers.csv"] != nil, tables["storefronts.csv"] != nil else {
            throw WorldGenerator.ParameterError(message: "\(source.path) lacks sellers.csv, storefronts.csv or links.csv")
        }
        var members: [String: [String]] = [:]
        for row in rings.rows {
            members[row[ringColumn], default: []].append(row[sellerColumn])
            ringOf[row[sellerColumn]] = row[ringColumn]
        }
        truthRings = members.keys.sorted().map { ($0, members[$0]!.sorted()) }

        for entity in Self.entityFiles {
            guard let table = tables[entity.file], let column = table.column(entity.idColumn) else { continue }
            var index: [String: Int] = [:]
            for (position, row) in table.rows.enumerated() { index[row[column]] = position }
            rowOf[entity.kind] = index
            takenIDs[entity.kind] = Set(index.keys)
        }
        if let listings = tables["listings.csv"], let column = listings.column("listing_id") {
            takenIDs["listing"] = Set(listings.rows.map { $0[column] })
        }
        takenIDs["ring"] = Set(truthRings.map(\.id))
        takenIDs["place"] = Set(truth["addresses.csv"].map { table in table.rows.map { table.value($0, "place_id") } } ?? [])
        let storefronts = tables["storefronts.csv"]!
        for row in storefronts.rows { storefrontsOf[storefronts.value(row, "seller_id"), default: []].append(storefronts.value(row, "storefront_id")) }

        var latest = Int32.min
        let (sourceColumn, targetColumn, relationColumn) = (links.column("source_id") ?? 0, links.column("target_id") ?? 1, links.column("relation") ?? 2)
        let lastColumn = links.column("last_seen")
        let sellerOfStorefront = Dictionary(storefronts.rows.map { (storefronts.value($0, "storefront_id"), storefronts.value($0, "seller_id")) },
                                            uniquingKeysWith: { first, _ in first })
        for (position, row) in links.rows.enumerated() {
            if let lastColumn, let day = Dates.parse(row[lastColumn]) { latest = max(latest, day) }
            guard let kinds = Self.relations[row[relationColumn]] else { continue }
            let from = Key(kind: kinds.source, id: row[sourceColumn]), to = Key(kind: kinds.target, id: row[targetColumn])
            linksFrom[from, default: []].append(position)
            linksTo[to, default: []].append(position)
            let user = from.kind == "seller" ? from.id : from.kind == "storefront" ? sellerOfStorefront[from.id] : nil
            if let user { addUser(user, of: to) }
        }
        // One hop further: an account paid from ring accounts, a factory's site.
        for row in links.rows where row[relationColumn] == "transfers_to" || row[relationColumn] == "located_at" {
            let kinds = Self.relations[row[relationColumn]]!
            let from = Key(kind: kinds.source, id: row[sourceColumn]), to = Key(kind: kinds.target, id: row[targetColumn])
            // An escrow pool paying out to a seller's own account says nothing of who owns it.
            if isPublic(from) { continue }
            for user in ringUsers[from] ?? [] { addUser(user, of: to) }
            for user in honestUsers[from] ?? [] { addUser(user, of: to) }
        }
        for (key, users) in ringUsers {
            for user in users { usedBy[user, default: []].append(key) }
        }
        baseLinkCount = links.rows.count
        if let evidence = tables["evidence.csv"] {
            for (position, row) in evidence.rows.enumerated() {
                evidenceOn[Key(kind: evidence.value(row, "entity_type"), id: evidence.value(row, "entity_id")), default: []].append(position)
            }
        }
        if let listings = tables["listings.csv"] {
            for (position, row) in listings.rows.enumerated() { listingsOf[listings.value(row, "storefront_id"), default: []].append(position) }
        }
        oldEnd = latest == Int32.min ? Int32(Dates.daysFromCivil(year: 2025, month: 10, day: 31)) : latest
        newEnd = oldEnd + Int32(parameters.days)
        summary.firstDay = Dates.format(oldEnd + 1)
        summary.lastDay = Dates.format(newEnd)
    }

    private mutating func addUser(_ seller: String, of entity: Key) {
        if ringOf[seller] != nil {
            ringUsers[entity, default: []].insert(seller)
        } else if (honestUsers[entity]?.count ?? 0) < Self.publicUsers {
            honestUsers[entity, default: []].insert(seller)
        }
    }

    private func isPublic(_ key: Key) -> Bool { (honestUsers[key]?.count ?? 0) >= Self.publicUsers }

    /// The entities that bind a ring: used by two or more of its sellers, or a workshop supplying
    /// it; never public infrastructure.
    private func infrastructure(of sellers: [String]) -> [Key] {
        let members = Set(sellers)
        // Only what the ring's own members use can bind it (not every entity any ring uses: that
        // was a pass over all of them per ring, quadratic at a million sellers).
        var used = Set<Key>()
        for seller in sellers { used.formUnion(usedBy[seller] ?? []) }
        return used.filter { key in
            let users = ringUsers[key]!
            return !isPublic(key) && key.kind != "seller" && key.kind != "storefront"
                && (users.intersection(members).count >= 2 || (key.kind == "factory" && !users.isDisjoint(with: members)))
        }.sorted { a, b in
            let (x, y) = (ringUsers[a]!.intersection(members).count, ringUsers[b]!.intersection(members).count)
            return x != y ? x > y : a < b
        }
    }

    // MARK: - Evolution

    enum Fate { case raided, reEmerged, closed, continues }

    /// Each ring's fate, drawn by the shares; a world of two or more rings has at least one
    /// re-emerged ring, and of four or more at least one raided, so that every kind of change
    /// shows even in a small demo.
    private mutating func fates() -> [Fate] {
        let p = parameters
        var fates: [Fate] = truthRings.map { _ in
            let draw = random.unit()
            if draw < p.raidedShare { return .raided }
            if draw < p.raidedShare + p.reEmergedShare { return .reEmerged }
            if draw < p.raidedShare + p.reEmergedShare + p.closedShare { return .closed }
            return .continues
        }
        for (fate, least) in [(Fate.reEmerged, 2), (Fate.raided, 4)] where fates.count >= least && !fates.contains(fate) {
            let continuing = fates.indices.filter { fates[$0] == .continues }
            if continuing.count >= 2 { fates[random.pick(continuing)] = fate }
        }
        return fates
    }

    mutating func evolve() {
        let p = parameters
        for (ring, fate) in zip(truthRings, fates()) {
            let infrastructure = self.infrastructure(of: ring.sellers)
            if fate == .raided || fate == .reEmerged {
                raid(ring, infrastructure: infrastructure)
                ring.sellers.forEach { removedSellers.insert($0) }
                if fate == .raided {
                    summary.raided += 1
                    lineage.append([ring.id, ring.id, "vanished", "yes"])
                } else {
                    reEmerge(ring, infrastructure: infrastructure)
                }
            } else if fate == .closed {
                ring.sellers.forEach { removedSellers.insert($0) }
                summary.closed += 1
                lineage.append([ring.id, ring.id, "vanished", "no"])
            } else {
                summary.continued += 1
                lineage.append([ring.id, ring.id, "continued", "no"])
                var leaving = ring.sellers
                random.shuffle(&leaving)
                if random.chance(0.5) {
                    for seller in leaving.prefix(Int(Double(ring.sellers.count) * (0.05 + 0.2 * random.unit()))) { removedSellers.insert(seller) }
                }
                if random.chance(2.0 / 3.0) {
                    summary.grown += 1
                    let count = max(1, Int((Double(ring.sellers.count) * (0.15 + 0.35 * random.unit())).rounded()))
                    let templates = (0 ..< count).map { _ in random.pick(ring.sellers) }
                    for seller in cloneSellers(templates, reuse: Set(infrastructure)) { newTruthRings.append((ring.id, seller)) }
                }
            }
        }
        for seller in removedSellers where ringOf[seller] != nil { summary.sellersLeft += 1 }
        let newRings = max(1, Int((Double(truthRings.count) * p.newRingShare).rounded()))
        for _ in 0 ..< (truthRings.isEmpty ? 0 : newRings) {
            let template = random.pick(truthRings)
            let id = freshID(like: template.id, kind: "ring")
            for seller in cloneSellers(template.sellers, reuse: []) { newTruthRings.append((id, seller)) }
            lineage.append([id, "", "new", "no"])
            summary.new += 1
        }
        // Honest churn.
        let honest = (tables["sellers.csv"]!.rows.map { tables["sellers.csv"]!.value($0, "seller_id") }).filter { ringOf[$0] == nil }.sorted()
        if !honest.isEmpty {
            for _ in 0 ..< Int(Double(honest.count) * p.honestLeaving) { removedSellers.insert(random.pick(honest)) }
            let joining = Int(Double(honest.count) * p.honestJoining)
            for _ in 0 ..< joining { _ = cloneSellers([random.pick(honest)], reuse: []) }
            summary.sellersLeft += removedSellers.filter { ringOf[$0] == nil }.count
            summary.sellersJoined += joining
        }
        summary.sellersJoined += newTruthRings.count
        summary.outcomeRows = outcomes.count
    }

    /// The enforcement partner's rows for a raid on `ring`: its workshops (goods seized, site
    /// shut), up to two sellers (arrests) and its busiest account (frozen).
    private mutating func raid(_ ring: (id: String, sellers: [String]), infrastructure: [Key]) {
        let day = Dates.format(oldEnd + Int32(random.between(7, max(8, parameters.days - 14))))
        let year = day.prefix(4)
        let reference = "RAID-\(year)-\(String(random.between(100, 999)))-\(String(outcomes.count + 1))"
        for factory in infrastructure where factory.kind == "factory" {
            let seized = random.between(80, 3_000) * 1_000
            outcomes.append(["factory", factory.id, "confirmed", day, "", String(seized), "CNY", "1", reference])
        }
        var sellers = ring.sellers
        random.shuffle(&sellers)
        for seller in sellers.prefix(2) { outcomes.append(["seller", seller, "confirmed", day, String(random.between(1, 3)), "", "", "", reference]) }
        if let account = infrastructure.first(where: { $0.kind == "payment_account" }) {
            outcomes.append(["payment_account", account.id, "confirmed", day, "", "", "", "", reference])
        }
    }

    /// New sellers behind a raided ring's workshop, one or two of its accounts and maybe a return
    /// address: of those its new sellers' templates used, so that they are used again.
    private mutating func reEmerge(_ ring: (id: String, sellers: [String]), infrastructure: [Key]) {
        let size = max(3, Int((Double(ring.sellers.count) * (0.5 + 0.5 * random.unit())).rounded()))
        let templates = (0 ..< size).map { _ in random.pick(ring.sellers) }
        var used: [Key: Int] = [:]
        var returns: Set<Key> = []
        do {  // links.csv's rows are let go before links are added (holding them would copy them all)
            let links = tables["links.csv"]!
            for seller in templates {
                for storefront in storefrontsOf[seller] ?? [] {
                    for position in linksFrom[Key(kind: "storefront", id: storefront)] ?? [] {
                        let row = links.rows[position]
                        guard let kinds = Self.relations[links.value(row, "relation")] else { continue }
                        let target = Key(kind: kinds.target, id: links.value(row, "target_id"))
                        used[target, default: 0] += 1
                        if links.value(row, "relation") == "returns_to" { returns.insert(target) }
                    }
                }
            }
        }
        let usedInfrastructure = infrastructure.filter { used[$0] != nil }.sorted { a, b in used[a]! != used[b]! ? used[a]! > used[b]! : a < b }
        var reuse = Set(usedInfrastructure.filter { $0.kind == "factory" })
        reuse.formUnion(usedInfrastructure.filter { $0.kind == "payment_account" }.prefix(random.chance(0.5) ? 1 : 2))
        if let identifier = usedInfrastructure.first(where: { $0.kind == "identifier" }) { reuse.insert(identifier) }
        if random.chance(0.5), let address = usedInfrastructure.first(where: { $0.kind == "address" && returns.contains($0) }) { reuse.insert(address) }
        let id = freshID(like: ring.id, kind: "ring")
        for seller in cloneSellers(templates, reuse: reuse) { newTruthRings.append((id, seller)) }
        lineage.append([id, ring.id, "re_emerged", "yes"])
        summary.reEmerged += 1
    }

    // MARK: - Copies

    /// Copies each template seller (with its storefronts, their links, evidence and listings) as
    /// a new seller; the entities they use are reused when public or in `reuse`, copied otherwise
    /// (once per call, so the copies share what their templates shared).
    private mutating func cloneSellers(_ templates: [String], reuse: Set<Key>) -> [String] {
        var memo: [Key: Key] = [:]
        var made: [String] = []
        for template in templates {
            let seller = cloneEntity(Key(kind: "seller", id: template), overrides: [:])
            made.append(seller.id)
            cloneLinks(from: Key(kind: "seller", id: template), as: seller, memo: &memo, reuse: reuse)
            cloneEvidence(of: Key(kind: "seller", id: template), as: seller)
            for storefront in storefrontsOf[template] ?? [] {
                let copy = cloneEntity(Key(kind: "storefront", id: storefront), overrides: ["seller_id": seller.id])
                cloneLinks(from: Key(kind: "storefront", id: storefront), as: copy, memo: &memo, reuse: reuse)
                cloneEvidence(of: Key(kind: "storefront", id: storefront), as: copy)
                cloneListings(of: storefront, as: copy.id)
            }
        }
        // Money between the copied accounts, and from them to reused ones.
        // (The transfers are listed first: holding links.csv's rows while adding links would copy
        // them all on each call, quadratic at a million sellers.)
        var transfers: [(from: Key, to: Key)] = []
        if let links = tables["links.csv"] {
            for (old, new) in memo.sorted(by: { $0.key < $1.key }) where old.kind == "payment_account" {
                for position in linksFrom[old] ?? [] where position < baseLinkCount && links.value(links.rows[position], "relation") == "transfers_to" {
                    transfers.append((new, Key(kind: "payment_account", id: links.value(links.rows[position], "target_id"))))
                }
            }
        }
        for transfer in transfers {
            let mapped = map(transfer.to, memo: &memo, reuse: reuse)
            addLink(transfer.from, mapped, relation: "transfers_to")
        }
        return made
    }

    private mutating func cloneLinks(from template: Key, as copy: Key, memo: inout [Key: Key], reuse: Set<Key>) {
        // The template's links are listed first, then copied: holding links.csv's rows while
        // adding to them would copy them all on each call, quadratic at a million sellers.
        var templateLinks: [(relation: String, target: Key)] = []
        if let links = tables["links.csv"] {
            for position in linksFrom[template] ?? [] where position < baseLinkCount {
                let row = links.rows[position]
                let relation = links.value(row, "relation")
                guard let kinds = Self.relations[relation], relation != "transfers_to" else { continue }
                templateLinks.append((relation, Key(kind: kinds.target, id: links.value(row, "target_id"))))
            }
        }
        for link in templateLinks {
            let target = map(link.target, memo: &memo, reuse: reuse)
            addLink(copy, target, relation: link.relation)
        }
    }

    /// The entity a copy uses in place of `key`: itself when public or reused, else its copy.
    private mutating func map(_ key: Key, memo: inout [Key: Key], reuse: Set<Key>) -> Key {
        if reuse.contains(key) || isPublic(key) {
            reusedByNewcomers.insert(key)
            return key
        }
        if let done = memo[key] { return done }
        let copy = cloneEntity(key, overrides: [:])
        memo[key] = copy
        cloneEvidence(of: key, as: copy)
        if key.kind == "factory" {
            clonedFactories.append((copy.id, key.id))
            cloneLinks(from: key, as: copy, memo: &memo, reuse: reuse)
        }
        if key.kind == "address" { clonedAddresses.append((copy.id, key.id)) }
        return copy
    }

    /// Appends a copy of the row of `key` with a new id, other names, shifted places and dates.
    private mutating func cloneEntity(_ key: Key, overrides: [String: String]) -> Key {
        guard let entity = Self.entityFiles.first(where: { $0.kind == key.kind }), let position = rowOf[key.kind]?[key.id],
              var table = tables.removeValue(forKey: entity.file) else { return key }
        defer { tables[entity.file] = table }
        var row = table.rows[position]
        let id = freshID(like: key.id, kind: key.kind)
        for (column, name) in table.header.enumerated() {
            switch name {
            case entity.idColumn: row[column] = id
            case "name", "holder_name": row[column] = table.rows[random.below(table.rows.count)][column]
            case "text", "value": row[column] = renumbered(row[column])
            case "lat", "lon":
                if let value = Double(row[column]) { row[column] = String(format: "%.6f", value + random.normal() * 0.01) }
            case "registered_on", "opened_on":
                if !row[column].isEmpty { row[column] = Dates.format(windowDay(lateBy: 20)) }
            default:
                if let value = overrides[name] { row[column] = value }
            }
        }
        table.rows.append(row)
        return Key(kind: key.kind, id: id)
    }

    private mutating func cloneEvidence(of template: Key, as copy: Key) {
        guard var evidence = tables.removeValue(forKey: "evidence.csv") else { return }
        defer { tables["evidence.csv"] = evidence }
        for position in evidenceOn[template] ?? [] {
            var row = evidence.rows[position]
            if let column = evidence.column("entity_id") { row[column] = copy.id }
            if let column = evidence.column("observed_on") { row[column] = Dates.format(windowDay(lateBy: 0)) }
            if let column = evidence.column("reference") { row[column] = renumbered(row[column]) }
            evidence.rows.append(row)
        }
    }

    private mutating func cloneListings(of storefront: String, as copy: String) {
        guard let idColumn = tables["listings.csv"]?.column("listing_id"), let storefrontColumn = tables["listings.csv"]?.column("storefront_id"),
              var listings = tables.removeValue(forKey: "listings.csv") else { return }
        defer { tables["listings.csv"] = listings }
        for position in listingsOf[storefront] ?? [] {
            var row = listings.rows[position]
            row[idColumn] = freshID(like: row[idColumn], kind: "listing")
            row[storefrontColumn] = copy
            listings.rows.append(row)
        }
    }

    private mutating func addLink(_ source: Key, _ target: Key, relation: String) {
        var links = tables.removeValue(forKey: "links.csv")!
        defer { tables["links.csv"] = links }
        let first = windowDay(lateBy: 15)
        let last = max(first, newEnd - Int32(random.below(15)))
        var row = [String](repeating: "", count: links.header.count)
        for (column, name) in links.header.enumerated() {
            switch name {
            case "source_id": row[column] = source.id
            case "target_id": row[column] = target.id
            case "relation": row[column] = relation
            case "first_seen": row[column] = Dates.format(first)
            case "last_seen": row[column] = Dates.format(last)
            default: break
            }
        }
        links.rows.append(row)
    }

    /// A day of the new months, at least `lateBy` days before their end.
    private mutating func windowDay(lateBy: Int) -> Int32 {
        oldEnd + 1 + Int32(random.below(max(1, parameters.days - lateBy)))
    }

    /// A new id in the style of `template`: its prefix and as many random hex digits as it ends
    /// with (at least six), unique among the ids of `kind`.
    private mutating func freshID(like template: String, kind: String) -> String {
        let hex = template.reversed().prefix { ("0"..."9").contains($0) || ("a"..."f").contains($0) }.count
        let digits = max(6, min(16, hex))
        let prefix = String(template.dropLast(min(hex, 16)))
        while true {
            var text = String(random.next(), radix: 16)
            text = String(repeating: "0", count: max(0, 16 - text.count)) + text
            let id = prefix + String(text.suffix(digits))
            if takenIDs[kind, default: []].insert(id).inserted { return id }
        }
    }

    /// Text with every run of digits replaced by random digits of the same length: another
    /// street number, room or phone in the same spelling.
    private mutating func renumbered(_ text: String) -> String {
        var result = ""
        var run = 0
        func flush(_ builder: inout SnapshotBuilder) {
            for position in 0 ..< run { result += String(position == 0 && run > 1 ? builder.random.between(1, 9) : builder.random.below(10)) }
            run = 0
        }
        for character in text {
            if character.isASCII && character.isNumber { run += 1 } else { flush(&self); result.append(character) }
        }
        flush(&self)
        return result
    }

    // MARK: - Writing

    /// Whether an entity of the old export is gone: all its sellers left and no newcomer uses it.
    private func isRemoved(_ key: Key) -> Bool {
        switch key.kind {
        case "seller": return removedSellers.contains(key.id)
        case "storefront": return storefrontRemoved.contains(key.id)
        default:
            if reusedByNewcomers.contains(key) || isPublic(key) { return false }
            let users = (ringUsers[key] ?? []).union(honestUsers[key] ?? [])
            return !users.isEmpty && users.isSubset(of: removedSellers)
        }
    }

    private var storefrontRemoved: Set<String> {
        Set(removedSellers.flatMap { storefrontsOf[$0] ?? [] })
    }

    func write(to directory: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: directory.appendingPathComponent("truth"), withIntermediateDirectories: true)
        let goneStorefronts = storefrontRemoved
        // Entities in some link of the old export, and in some link of the new one: an entity
        // whose every link went with the sellers that left goes too (an export holds no
        // entity that nothing links).
        var linkedBefore: Set<Key> = [], linkedNow: Set<Key> = []
        func removedEndpoint(_ key: Key) -> Bool {
            key.kind == "storefront" ? goneStorefronts.contains(key.id) : isRemoved(key)
        }
        func removed(_ key: Key) -> Bool {
            if removedEndpoint(key) { return true }
            return key.kind != "seller" && key.kind != "storefront" && linkedBefore.contains(key) && !linkedNow.contains(key)
        }
        if var links = tables["links.csv"] {
            let (sourceColumn, targetColumn, relationColumn) = (links.column("source_id") ?? 0, links.column("target_id") ?? 1, links.column("relation") ?? 2)
            let lastColumn = links.column("last_seen"), firstColumn = links.column("first_seen")
            var kept: [[String]] = []
            var extending = SplitMix64(seed: parameters.seed, stream: 72)
            for (position, var row) in links.rows.enumerated() {
                let kinds = Self.relations[row[relationColumn]]
                let ends = kinds.map { [Key(kind: $0.source, id: row[sourceColumn]), Key(kind: $0.target, id: row[targetColumn])] } ?? []
                if position < baseLinkCount {
                    linkedBefore.formUnion(ends)
                    if ends.contains(where: removedEndpoint) { continue }
                    // Links still seen at the end of the old export run on to the new end.
                    if let lastColumn, let last = Dates.parse(row[lastColumn]), last >= oldEnd - 30 {
                        let first = firstColumn.flatMap { Dates.parse(row[$0]) } ?? last
                        row[lastColumn] = Dates.format(max(first, newEnd - Int32(extending.below(20))))
                    }
                }
                linkedNow.formUnion(ends)
                kept.append(row)
            }
            links.rows = kept
            try links.write(to: directory.appendingPathComponent("links.csv"))
        }
        for entity in Self.entityFiles {
            guard var table = tables[entity.file], let column = table.column(entity.idColumn) else { continue }
            let base = rowOf[entity.kind]?.count ?? 0
            table.rows = table.rows.enumerated().filter { $0.offset >= base || !removed(Key(kind: entity.kind, id: $0.element[column])) }.map(\.element)
            try table.write(to: directory.appendingPathComponent(entity.file))
        }
        if var evidence = tables["evidence.csv"] {
            evidence.rows = evidence.rows.filter { !removed(Key(kind: evidence.value($0, "entity_type"), id: evidence.value($0, "entity_id"))) }
            try evidence.write(to: directory.appendingPathComponent("evidence.csv"))
        }
        for file in ["listings.csv", "images.csv"] {
            guard var table = tables[file] else { continue }
            table.rows = table.rows.filter { !goneStorefronts.contains(table.value($0, "storefront_id")) }
            try table.write(to: directory.appendingPathComponent(file))
            // The photos the kept rows name go with them (their file paths are kept).
            if file == "images.csv", table.column("file") != nil {
                for relative in Set(table.rows.map { table.value($0, "file") }) where !relative.isEmpty && !relative.hasPrefix("/") && !relative.contains("..") {
                    let from = source.appendingPathComponent(relative), to = directory.appendingPathComponent(relative)
                    guard manager.fileExists(atPath: from.path), !manager.fileExists(atPath: to.path) else { continue }
                    try manager.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try manager.copyItem(at: from, to: to)
                }
            }
        }

        var rings = CSVTable(header: ["ring_id", "seller_id"], rows: [])
        for ring in truthRings { for seller in ring.sellers where !removedSellers.contains(seller) { rings.rows.append([ring.id, seller]) } }
        rings.rows += newTruthRings.map { [$0.ring, $0.seller] }
        try rings.write(to: directory.appendingPathComponent("truth/rings.csv"))
        try CSVTable(header: ["ring_id", "continues", "change", "raided"], rows: lineage).write(to: directory.appendingPathComponent("truth/lineage.csv"))
        if var factories = truth["factories.csv"], let column = factories.column("factory_id") {
            let byID = Dictionary(factories.rows.map { ($0[column], $0) }, uniquingKeysWith: { first, _ in first })
            factories.rows = factories.rows.filter { !removed(Key(kind: "factory", id: $0[column])) }
            for clone in clonedFactories { if var row = byID[clone.template] { row[column] = clone.new; factories.rows.append(row) } }
            try factories.write(to: directory.appendingPathComponent("truth/factories.csv"))
        }
        if var addresses = truth["addresses.csv"], let column = addresses.column("address_id"), let placeColumn = addresses.column("place_id") {
            let byID = Dictionary(addresses.rows.map { ($0[column], $0) }, uniquingKeysWith: { first, _ in first })
            addresses.rows = addresses.rows.filter { !removed(Key(kind: "address", id: $0[column])) }
            let places: [String: String] = [:]
            var ids = SplitMix64(seed: parameters.seed, stream: 73)
            for clone in clonedAddresses {
                guard var row = byID[clone.template] else { continue }
                row[column] = clone.new
                let template = row[placeColumn]
                row[placeColumn] = places[template] ?? {
                    let place = String(template.prefix { !("0"..."9").contains($0) && !("a"..."f").contains($0) }) + String(ids.next() % 0xFFFF_FFFF, radix: 16)
                    return place
                }()
                addresses.rows.append(row)
            }
            try addresses.write(to: directory.appendingPathComponent("truth/addresses.csv"))
        }
        try manager.createDirectory(at: directory.appendingPathComponent("enforcement"), withIntermediateDirectories: true)
        try CSVTable(header: ["entity_type", "entity_id", "outcome", "date", "arrests", "seized_value", "currency", "sites_shut", "reference"],
                     rows: outcomes).write(to: directory.appendingPathComponent("enforcement/outcomes.csv"))
    }
}
