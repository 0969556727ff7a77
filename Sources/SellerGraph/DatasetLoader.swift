import Parallel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a dataset folder (DATASET.md) into a ``SellerNetwork``, validating strictly.
///
/// Files are streamed record by record through ``CSVReader``; ids are interned straight from the
/// field bytes. Every problem is collected as a ``DatasetError`` with file, line and column (at
/// most ``DatasetErrors/limitPerFile`` per file); if any was found, ``load(progress:)`` throws them
/// all together, so that one run shows the user everything to fix. Warnings (a seller with no
/// storefront, an entity nothing links to) are returned, not thrown.
public struct DatasetLoader: Sendable {
    public let directory: String
    /// Files read at once: with 2, sellers and storefronts are read beside the other entity
    /// files, then links.csv beside evidence.csv and listings.csv. The result, errors included,
    /// is the same for any count.
    public let threads: Int
    /// Warnings listed one by one for each kind of warning (an unlinked payment account, a
    /// seller with no storefront…) before the rest are only counted; `nil` lists every one.
    /// With the default 1, a kind of warning is one line, however many rows it concerns.
    public let warningsListed: Int?

    public init(directory: String, threads: Int = 2, warningsListed: Int? = 1) {
        self.directory = directory
        self.threads = threads
        self.warningsListed = warningsListed
    }

    /// The optional files besides the entity files.
    public static let linkFile = "links.csv"
    public static let evidenceFile = "evidence.csv"
    public static let listingFile = "listings.csv"
    public static let imageFile = "images.csv"

    /// Loads and validates the dataset.
    ///
    /// - Parameter progress: called with a short line after each file (for stderr).
    /// - Returns: the network, its warnings and the files that were read.
    /// - Throws: ``DatasetErrors`` listing every error found.
    /// - Complexity: O(bytes of the files); memory O(rows).
    public func load(progress: ((String) -> Void)? = nil) throws -> LoadedDataset {
        var isDirectory = stat()
        guard stat(directory, &isDirectory) == 0, (isDirectory.st_mode & S_IFMT) == S_IFDIR else {
            throw DatasetErrors(errors: [DatasetError(file: directory, message: "no such dataset folder; expected a folder holding sellers.csv and storefronts.csv")])
        }
        // Each file is read by one task with its own error log; the logs are joined in the
        // order of a one-thread read, so messages and their order do not depend on `threads`.
        // Only storefronts.csv refers to another entity file (seller_id), so sellers and
        // storefronts are one task and the other entity files the second.
        let entityTasks = concurrently(threads: threads, {
            var part = FilePart()
            let sellers = loadEntities(.seller, tables: [], log: &part.log, files: &part.files)
            let storefronts = loadEntities(.storefront, tables: [sellers], log: &part.log, files: &part.files)
            return (tables: [sellers, storefronts], part: part)
        }, {
            var part = FilePart()
            let others = EntityKind.allCases.filter { $0 != .seller && $0 != .storefront }.map {
                loadEntities($0, tables: [], log: &part.log, files: &part.files)
            }
            return (tables: others, part: part)
        })
        let tables = (entityTasks.0.tables + entityTasks.1.tables).sorted { $0.kind.index < $1.kind.index }
        for table in tables { progress?("read \(table.kind.fileName): \(table.count) \(table.kind.plural)") }

        let (linkTask, otherTask) = concurrently(threads: threads, {
            var part = FilePart()
            var links = Relation.allCases.map { RelationLinks(relation: $0) }
            loadLinks(into: &links, tables: tables, log: &part.log, files: &part.files)
            return (links: links, part: part)
        }, {
            var part = FilePart()
            var evidence: [EvidenceRecord] = []
            loadEvidence(into: &evidence, tables: tables, log: &part.log, files: &part.files)
            var listings = Listings()
            loadListings(into: &listings, tables: tables, log: &part.log, files: &part.files)
            var images = ImageTable()
            loadImages(into: &images, tables: tables, log: &part.log, files: &part.files)
            return (evidence: evidence, listings: listings, images: images, part: part)
        })
        var links = linkTask.links
        let evidence = otherTask.evidence
        var listings = otherTask.listings
        progress?("read \(Self.linkFile): \(links.reduce(0) { $0 + $1.count }) links")
        progress?("read \(Self.evidenceFile): \(evidence.count) evidence rows")
        progress?("read \(Self.listingFile): \(listings.count) listings")
        if otherTask.images.count > 0 { progress?("read \(Self.imageFile): \(otherTask.images.count) images") }
        var log = ErrorLog()
        var files: [String] = []
        for part in [entityTasks.0.part, entityTasks.1.part, linkTask.part, otherTask.part] {
            log.append(part.log)
            files += part.files
        }

        if !log.errors.isEmpty {
            throw DatasetErrors(errors: log.errors, suppressed: log.suppressed)
        }
        for relation in Relation.allCases {
            links[relation.index].buildAdjacency(sourceCount: tables[relation.sourceKind.index].count,
                                                 targetCount: tables[relation.targetKind.index].count)
        }
        var evidenceByEntity: [Adjacency] = []
        for kind in EntityKind.allCases {
            var rows: [Int32] = []
            var values: [Int32] = []
            for (position, record) in evidence.enumerated() where record.entityKind == kind {
                rows.append(record.entity)
                values.append(Int32(position))
            }
            evidenceByEntity.append(Adjacency(rowCount: tables[kind.index].count, rows: rows, values: values))
        }
        listings.byStorefront = Adjacency(rowCount: tables[EntityKind.storefront.index].count,
                                          rows: listings.storefronts,
                                          values: (0 ..< Int32(listings.count)).map { $0 })
        let name = String(directory.split(separator: "/").last ?? "dataset")
        let network = SellerNetwork(tables: tables, links: links, evidence: evidence,
                                    evidenceByEntity: evidenceByEntity, listings: listings, name: name, images: otherTask.images)
        return LoadedDataset(network: network, warnings: log.summarisedWarnings(listed: warningsListed) + Self.warnings(for: network, listed: warningsListed)
                                 + network.images.warnings,
                             files: files)
    }

    // MARK: - Files

    func path(_ file: String) -> String { directory.hasSuffix("/") ? directory + file : directory + "/" + file }

    private func exists(_ file: String) -> Bool { DatasetFile.isPresent(path(file)) }

    /// Opens a file and reads its header; `nil` (with an error logged when required) if it can't.
    func open(_ file: String, required: Bool, requiredColumns: [String], log: inout ErrorLog, files: inout [String]) -> (CSVReader, Header)? {
        guard exists(file) else {
            if required { log.add(DatasetError(file: file, message: "missing required file \(file) in \(directory)")) }
            return nil
        }
        files.append(file)
        do {
            let reader = try CSVReader(path: path(file), displayName: file)
            guard try reader.next() else {
                log.add(DatasetError(file: file, line: 1, message: "empty file; expected a header row naming the columns \(requiredColumns.joined(separator: ", "))"))
                return nil
            }
            let header = Header(names: reader.strings().map { $0.trimmingSpaces() })
            var seen: [String: Int] = [:]
            for (position, name) in header.names.enumerated() {
                if let first = seen[name] {
                    log.add(DatasetError(file: file, line: reader.recordLine, column: position + 1, message: "duplicate column \(quoted(name)) (also column \(first + 1))"))
                }
                seen[name] = position
            }
            var missing = false
            for column in requiredColumns where header.column(column) == nil {
                log.add(DatasetError(file: file, line: reader.recordLine, column: 0,
                                     message: "missing required column \(quoted(column)); the header has \(header.names.joined(separator: ", "))"))
                missing = true
            }
            return missing ? nil : (reader, header)
        } catch let error as DatasetError {
            log.add(error)
            return nil
        } catch {
            log.add(DatasetError(file: file, message: "\(error)"))
            return nil
        }
    }

    /// Reads records until the end or a reader error (logged); checks each record's field count.
    func forEachRecord(_ reader: CSVReader, _ header: Header, log: inout ErrorLog, _ body: (inout ErrorLog) -> Void) {
        do {
            while try reader.next() {
                if reader.fieldCount != header.names.count {
                    let column = reader.fieldCount < header.names.count ? reader.fieldCount : header.names.count + 1
                    log.add(DatasetError(file: reader.fileName, line: reader.recordLine, column: column,
                                         message: "expected \(header.names.count) fields as in the header, found \(reader.fieldCount)"))
                    continue
                }
                body(&log)
            }
        } catch let error as DatasetError {
            log.add(error)
        } catch {
            log.add(DatasetError(file: reader.fileName, message: "\(error)"))
        }
    }

    // MARK: - Entities

    private func loadEntities(_ kind: EntityKind, tables: [EntityTable], log: inout ErrorLog, files: inout [String]) -> EntityTable {
        var table = EntityTable(kind: kind)
        let required = kind == .storefront ? [kind.idColumn, "seller_id"] : (kind == .identifier ? [kind.idColumn] + IdentifierColumns.required : [kind.idColumn])
        guard let (reader, header) = open(kind.fileName, required: kind.isRequired, requiredColumns: required, log: &log, files: &files) else {
            return table
        }
        let idColumn = header.column(kind.idColumn)!
        let attributeColumns = header.names.indices.filter { $0 != idColumn }
        table.columnNames = attributeColumns.map { header.names[$0] }
        table.columns = Array(repeating: [], count: attributeColumns.count)
        let sellerColumn = kind == .storefront ? header.column("seller_id") : nil
        let hasCoordinates = kind == .address || kind == .factory
        let latitudeColumn = hasCoordinates ? header.column("lat") : nil
        let longitudeColumn = hasCoordinates ? header.column("lon") : nil
        let dateColumns = ["registered_on", "opened_on"].compactMap { header.column($0) }
        let identifierColumns = kind == .identifier ? IdentifierColumns(header) : nil
        var firstLine: [Int32] = []
        forEachRecord(reader, header, log: &log) { log in
            let line = reader.recordLine
            if reader.isEmpty(idColumn) {
                log.add(DatasetError(file: kind.fileName, line: line, column: idColumn + 1, message: "empty \(kind.idColumn); every row needs an id"))
                return
            }
            let (index, inserted) = reader.withField(idColumn) { table.ids.insert($0) }
            if !inserted {
                log.add(DatasetError(file: kind.fileName, line: line, column: idColumn + 1,
                                     message: "duplicate \(kind.idColumn) \(quoted(reader.string(idColumn))) (first defined on line \(firstLine[Int(index)]))"))
                return
            }
            firstLine.append(Int32(line))
            if let sellerColumn {
                let seller = reader.withField(sellerColumn) { tables[EntityKind.seller.index].ids.index(of: $0) }
                if seller == nil {
                    log.add(reference(kind: .seller, value: reader.string(sellerColumn), file: kind.fileName, line: line, column: sellerColumn + 1, tables: tables))
                }
                table.storefrontSeller.append(seller ?? -1)
            }
            if hasCoordinates {
                table.latitudes.append(coordinate(reader, latitudeColumn, limit: 90, name: "lat", file: kind.fileName, log: &log))
                table.longitudes.append(coordinate(reader, longitudeColumn, limit: 180, name: "lon", file: kind.fileName, log: &log))
            }
            if let identifierColumns { readIdentifier(reader, identifierColumns, into: &table, log: &log) }
            for column in dateColumns where !reader.isEmpty(column) {
                if reader.withField(column, { Dates.parse($0) }) == nil {
                    log.add(DatasetError(file: kind.fileName, line: line, column: column + 1,
                                         message: "bad date \(quoted(reader.string(column))) in \(header.names[column]); expected YYYY-MM-DD"))
                }
            }
            for (slot, column) in attributeColumns.enumerated() {
                table.columns[slot].append(reader.string(column))
            }
        }
        table.lines = firstLine
        return table
    }

    private func coordinate(_ reader: CSVReader, _ column: Int?, limit: Double, name: String, file: String, log: inout ErrorLog) -> Double {
        guard let column, !reader.isEmpty(column) else { return .nan }
        let text = reader.string(column).trimmingSpaces()
        guard let value = NumberText.decimal(text) else {
            log.add(DatasetError(file: file, line: reader.recordLine, column: column + 1, message: "bad coordinate \(quoted(text)) in \(name); expected decimal degrees such as 23.1291"))
            return .nan
        }
        guard abs(value) <= limit else {
            log.add(DatasetError(file: file, line: reader.recordLine, column: column + 1, message: "\(name) \(text) is out of range; expected -\(Int(limit)) to \(Int(limit))"))
            return .nan
        }
        return value
    }

    /// The error for a reference to an id that no row of `kind`'s file defines, saying where the
    /// id does exist when it names an entity of another kind (a relation with wrong endpoint kinds).
    func reference(kind: EntityKind, value: String, file: String, line: Int, column: Int, tables: [EntityTable], role: String? = nil) -> DatasetError {
        if value.isEmpty {
            return DatasetError(file: file, line: line, column: column, message: "empty \(role ?? kind.idColumn); a \(kind.rawValue) id is required here")
        }
        let elsewhere = tables.filter { $0.kind != kind && $0.ids.index(of: value) != nil }.map(\.kind.withArticle)
        var message = "unknown \(kind.rawValue) \(quoted(value)): no row of \(kind.fileName) has this \(kind.idColumn)"
        if let role { message = "\(role) \(quoted(value)) must be \(kind.withArticle), but no row of \(kind.fileName) has this \(kind.idColumn)" }
        if !elsewhere.isEmpty { message += " (it is \(elsewhere.joined(separator: " and ")) id)" }
        return DatasetError(file: file, line: line, column: column, message: message)
    }

    // MARK: - Links

    private func loadLinks(into links: inout [RelationLinks], tables: [EntityTable], log: inout ErrorLog, files: inout [String]) {
        let file = Self.linkFile
        guard let (reader, header) = open(file, required: false, requiredColumns: ["source_id", "target_id", "relation"], log: &log, files: &files) else { return }
        let sourceColumn = header.column("source_id")!
        let targetColumn = header.column("target_id")!
        let relationColumn = header.column("relation")!
        let firstSeenColumn = header.column("first_seen")
        let lastSeenColumn = header.column("last_seen")
        // Per relation, worked out once: `Relation.allCases` builds a new array on every call.
        let relations = Relation.allCases
        let relationNames = relations.map { Array($0.rawValue.utf8) }
        let endpointTables = relations.map { (source: $0.sourceKind.index, target: $0.targetKind.index) }
        let expected = relations.map(\.rawValue).joined(separator: ", ")
        forEachRecord(reader, header, log: &log) { log in
            let line = reader.recordLine
            let relationIndex = reader.withField(relationColumn) { bytes in
                relationNames.firstIndex { name in
                    name.count == bytes.count && name.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
                }
            }
            guard let relationIndex else {
                log.add(DatasetError(file: file, line: line, column: relationColumn + 1,
                                     message: "unknown relation \(quoted(reader.string(relationColumn))); expected one of \(expected)"))
                return
            }
            let relation = relations[relationIndex]
            let source = reader.withField(sourceColumn) { tables[endpointTables[relationIndex].source].ids.index(of: $0) }
            let target = reader.withField(targetColumn) { tables[endpointTables[relationIndex].target].ids.index(of: $0) }
            var valid = true
            if source == nil {
                log.add(reference(kind: relation.sourceKind, value: reader.string(sourceColumn), file: file, line: line, column: sourceColumn + 1,
                                  tables: tables, role: "source of \(relation.rawValue)"))
                valid = false
            }
            if target == nil {
                log.add(reference(kind: relation.targetKind, value: reader.string(targetColumn), file: file, line: line, column: targetColumn + 1,
                                  tables: tables, role: "target of \(relation.rawValue)"))
                valid = false
            }
            let firstSeen = date(reader, firstSeenColumn, file: file, log: &log)
            let lastSeen = date(reader, lastSeenColumn, file: file, log: &log)
            guard valid, let source, let target else { return }
            if relation == .transfersTo, source == target {
                // Money that stays in one account binds nothing: ignored, with a warning.
                log.warn(DatasetError(file: file, line: line, column: targetColumn + 1, severity: .warning,
                                      message: "transfers_to from a payment account to itself is ignored: \(quoted(reader.string(sourceColumn)))"))
                return
            }
            links[relationIndex].sources.append(source)
            links[relationIndex].targets.append(target)
            links[relationIndex].firstSeen.append(firstSeen)
            links[relationIndex].lastSeen.append(lastSeen)
            links[relationIndex].lines.append(Int32(line))
        }
    }

    func date(_ reader: CSVReader, _ column: Int?, file: String, log: inout ErrorLog) -> Int32 {
        guard let column, !reader.isEmpty(column) else { return Dates.unknown }
        if let days = reader.withField(column, { Dates.parse($0) }) { return days }
        log.add(DatasetError(file: file, line: reader.recordLine, column: column + 1, message: "bad date \(quoted(reader.string(column))); expected YYYY-MM-DD"))
        return Dates.unknown
    }

    // MARK: - Evidence

    private func loadEvidence(into evidence: inout [EvidenceRecord], tables: [EntityTable], log: inout ErrorLog, files: inout [String]) {
        let file = Self.evidenceFile
        guard let (reader, header) = open(file, required: false, requiredColumns: ["entity_type", "entity_id", "kind"], log: &log, files: &files) else { return }
        let typeColumn = header.column("entity_type")!
        let idColumn = header.column("entity_id")!
        let kindColumn = header.column("kind")!
        let brandColumn = header.column("brand")
        let observedColumn = header.column("observed_on")
        let referenceColumn = header.column("reference")
        let sourceColumn = header.column("source")
        forEachRecord(reader, header, log: &log) { log in
            let line = reader.recordLine
            let typeText = reader.string(typeColumn)
            guard let entityKind = EntityKind(rawValue: typeText) else {
                log.add(DatasetError(file: file, line: line, column: typeColumn + 1,
                                     message: "unknown entity type \(quoted(typeText)); expected one of \(EntityKind.allCases.map(\.rawValue).joined(separator: ", "))"))
                return
            }
            let kindText = reader.string(kindColumn)
            let evidenceKind = EvidenceKind(rawValue: kindText)
            if evidenceKind == nil {
                log.add(DatasetError(file: file, line: line, column: kindColumn + 1,
                                     message: "unknown evidence kind \(quoted(kindText)); expected one of \(EvidenceKind.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            let entity = reader.withField(idColumn) { tables[entityKind.index].ids.index(of: $0) }
            if entity == nil {
                log.add(reference(kind: entityKind, value: reader.string(idColumn), file: file, line: line, column: idColumn + 1, tables: tables))
            }
            let observed = date(reader, observedColumn, file: file, log: &log)
            guard let evidenceKind, let entity else { return }
            evidence.append(EvidenceRecord(entityKind: entityKind, entity: entity, kind: evidenceKind,
                                           brand: brandColumn.map(reader.string) ?? "", observedOn: observed,
                                           reference: referenceColumn.map(reader.string) ?? "", line: Int32(line),
                                           source: sourceColumn.map(reader.string) ?? ""))
        }
    }

    // MARK: - Listings

    private func loadListings(into listings: inout Listings, tables: [EntityTable], log: inout ErrorLog, files: inout [String]) {
        let file = Self.listingFile
        guard let (reader, header) = open(file, required: false, requiredColumns: ["listing_id", "storefront_id"], log: &log, files: &files) else { return }
        let idColumn = header.column("listing_id")!
        let storefrontColumn = header.column("storefront_id")!
        let brandColumn = header.column("brand")
        let titleColumn = header.column("title")
        let priceColumn = header.column("price")
        let msrpColumn = header.column("msrp")
        let currencyColumn = header.column("currency")
        let unitsColumn = header.column("units_sold")
        var firstLine: [Int32] = []
        forEachRecord(reader, header, log: &log) { log in
            let line = reader.recordLine
            let (index, inserted) = reader.withField(idColumn) { listings.ids.insert($0) }
            if !inserted {
                log.add(DatasetError(file: file, line: line, column: idColumn + 1,
                                     message: "duplicate listing_id \(quoted(reader.string(idColumn))) (first defined on line \(firstLine[Int(index)]))"))
                return
            }
            firstLine.append(Int32(line))
            let storefront = reader.withField(storefrontColumn) { tables[EntityKind.storefront.index].ids.index(of: $0) }
            if storefront == nil {
                log.add(reference(kind: .storefront, value: reader.string(storefrontColumn), file: file, line: line, column: storefrontColumn + 1, tables: tables))
            }
            listings.storefronts.append(storefront ?? -1)
            listings.brands.append(brandColumn.map(reader.string) ?? "")
            listings.titles.append(titleColumn.map(reader.string) ?? "")
            listings.currencies.append(currencyColumn.map(reader.string) ?? "")
            listings.prices.append(amount(reader, priceColumn, name: "price", file: file, log: &log))
            listings.msrps.append(amount(reader, msrpColumn, name: "msrp", file: file, log: &log))
            var units: Int64 = -1
            if let unitsColumn, !reader.isEmpty(unitsColumn) {
                let text = reader.string(unitsColumn).trimmingSpaces()
                if let value = Int64(text), value >= 0, value <= NumberText.maximumUnitsSold { units = value } else {
                    log.add(DatasetError(file: file, line: line, column: unitsColumn + 1, message: "bad units_sold \(quoted(text)); expected a whole number from 0 to 10^12"))
                }
            }
            listings.unitsSold.append(units)
            listings.lines.append(Int32(line))
        }
    }

    private func amount(_ reader: CSVReader, _ column: Int?, name: String, file: String, log: inout ErrorLog) -> Double {
        guard let column, !reader.isEmpty(column) else { return .nan }
        let text = reader.string(column).trimmingSpaces()
        guard let value = NumberText.decimal(text), value >= 0, value <= NumberText.maximumAmount else {
            log.add(DatasetError(file: file, line: reader.recordLine, column: column + 1, message: "bad \(name) \(quoted(text)); expected a decimal number from 0 to 10^12 such as 129.90"))
            return .nan
        }
        return value
    }

    // MARK: - Warnings

    /// Sellers with no storefront and entities nothing links to: suspicious in an export, not fatal.
    static func warnings(for network: SellerNetwork, listed: Int?) -> [DatasetError] {
        var warnings: [DatasetError] = []
        let storefrontsPerSeller = Adjacency(rowCount: network.count(of: .seller),
                                             rows: network.table(.storefront).storefrontSeller,
                                             values: (0 ..< Int32(network.count(of: .storefront))).map { $0 })
        var lonelySellers: [Int32] = []
        for seller in 0 ..< Int32(network.count(of: .seller)) where storefrontsPerSeller.degree(of: seller) == 0 {
            lonelySellers.append(seller)
        }
        warnings += summarise(lonelySellers, kind: .seller, network: network, listed: listed,
                              message: "seller has no storefront in storefronts.csv")
        for kind in [EntityKind.paymentAccount, .address, .factory, .identifier] {
            var unlinked: [Int32] = []
            for entity in 0 ..< Int32(network.count(of: kind)) where network.degree(of: kind, entity) == 0 {
                unlinked.append(entity)
            }
            warnings += summarise(unlinked, kind: kind, network: network, listed: listed,
                                  message: "\(kind.rawValue) is not in any link of links.csv")
        }
        return warnings
    }

    /// The first `listed` entities as warnings of their own; the last of them also says how
    /// many more there are (``DatasetError/unlisted``), so that a kind of warning about
    /// thousands of rows is still one line an editor can jump to.
    private static func summarise(_ entities: [Int32], kind: EntityKind, network: SellerNetwork, listed: Int?,
                                  message: String) -> [DatasetError] {
        let shown = min(entities.count, max(1, listed ?? entities.count))
        var warnings = entities.prefix(shown).map { entity in
            DatasetError(file: kind.fileName, line: Int(network.table(kind).lines[Int(entity)]), column: 1, severity: .warning,
                         message: "\(message): \(quoted(network.id(kind, entity)))")
        }
        if entities.count > shown { warnings[shown - 1].unlisted = entities.count - shown }
        return warnings
    }
}

/// What ``DatasetLoader/load(progress:)`` returns.
public struct LoadedDataset: Sendable {
    public var network: SellerNetwork
    public var warnings: [DatasetError]
    /// The dataset files that were read, by name.
    public var files: [String]
}

/// A file's header: column names in order.
struct Header {
    let names: [String]
    func column(_ name: String) -> Int? { names.firstIndex(of: name) }
}

/// What reading some files found: their errors and the files that were there.
private struct FilePart {
    var log = ErrorLog()
    var files: [String] = []
}

/// Collects errors, keeping at most ``DatasetErrors/limitPerFile`` per file and counting the rest.
struct ErrorLog {
    var errors: [DatasetError] = []
    var reported: [String: Int] = [:]
    var suppressed: [String: Int] = [:]

    /// Adds what another log collected (about other files).
    /// Warnings about rows, one list per kind of warning (its message up to the first colon).
    var warnings: [[DatasetError]] = []

    mutating func warn(_ warning: DatasetError) {
        let kind = warning.message.prefix { $0 != ":" }
        if let index = warnings.firstIndex(where: { $0[0].file == warning.file && $0[0].message.hasPrefix(kind) }) {
            warnings[index].append(warning)
        } else {
            warnings.append([warning])
        }
    }

    /// The first `listed` warnings of each kind, the last of them counting the others.
    func summarisedWarnings(listed: Int?) -> [DatasetError] {
        warnings.flatMap { group -> [DatasetError] in
            let shown = min(group.count, max(1, listed ?? group.count))
            var result = Array(group.prefix(shown))
            if group.count > shown { result[shown - 1].unlisted = group.count - shown }
            return result
        }
    }

    mutating func append(_ other: ErrorLog) {
        warnings += other.warnings
        errors += other.errors
        reported.merge(other.reported, uniquingKeysWith: +)
        suppressed.merge(other.suppressed, uniquingKeysWith: +)
    }

    mutating func add(_ error: DatasetError) {
        if reported[error.file, default: 0] < DatasetErrors.limitPerFile {
            errors.append(error)
            reported[error.file, default: 0] += 1
        } else {
            suppressed[error.file, default: 0] += 1
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (header names, numbers).
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
