/// An identifier read from an image: the storefront the image came from uses it.
public struct ImageLink: Sendable, Hashable {
    public var kind: IdentifierKind
    public var reading: ImageReading
    /// Link only if the value is (one slip from) an identifier the dataset knows: for an
    /// unlabelled token that merely looks like an id.
    public var onlyIfKnown: Bool

    public init(kind: IdentifierKind, reading: ImageReading, onlyIfKnown: Bool = false) {
        self.kind = kind
        self.reading = reading
        self.onlyIfKnown = onlyIfKnown
    }
}

extension SellerNetwork {
    /// The network with a `uses` link from each image's storefront to every identifier read
    /// from it, each link carrying its ``ImageReading`` (file, box, confidence, text).
    ///
    /// An identifier read from an image is the identifier of `identifiers.csv` with the same
    /// folded value (``FoldedIdentifier``), if there is one; otherwise a new identifier is added,
    /// id `img-<kind>-<folded value>` (a suffix keeps it apart from any id the dataset uses),
    /// its `value` the text as read. One storefront reading one identifier on several images
    /// gets one link per image: each is evidence of its own.
    ///
    /// - Complexity: O(identifiers + links added) plus rebuilding the `uses` adjacency.
    public func addingReadings(_ readings: [ImageLink]) -> SellerNetwork {
        guard !readings.isEmpty else { return self }
        var network = self
        var table = network.tables[EntityKind.identifier.index]
        var known: [String: Int32] = [:]
        for identifier in 0 ..< table.count {
            if let folded = FoldedIdentifier.fold(table.identifierValues[identifier], kind: table.identifierKinds[identifier]) {
                let key = table.identifierKinds[identifier].rawValue + "\u{1F}" + folded.key
                if known[key] == nil { known[key] = Int32(identifier) }
            }
        }
        for name in ["kind", "value", "read_from"] where !table.columnNames.contains(name) {
            table.columnNames.append(name)
            table.columns.append(Array(repeating: "", count: table.count))
        }
        let kindColumn = table.columnNames.firstIndex(of: "kind")!, valueColumn = table.columnNames.firstIndex(of: "value")!
        let readColumn = table.columnNames.firstIndex(of: "read_from")!
        // Known identifiers, to correct a reading one OCR slip away from one of them.
        var knownKeys = [String](repeating: "", count: table.count)
        for (key, identifier) in known { knownKeys[Int(identifier)] = key }
        let correction = ReadingCorrection(keys: knownKeys)
        var uses = network.links[Relation.uses.index]
        if uses.readings.isEmpty { uses.readings = Array(repeating: -1, count: uses.count) }
        for var link in readings {
            let image = Int(link.reading.image)
            let storefront = network.images.storefronts[image]
            guard storefront >= 0 else { continue }
            if link.kind == .wechat, link.reading.value.contains(ReadingCorrection.erasure) {
                // A reading with a character OCR could not make out: only a known id it matches.
                let key = link.kind.rawValue + "\u{1F}" + link.reading.value.lowercased()
                guard let corrected = correction.erasure(of: key, erased: ReadingCorrection.erasure) else { continue }
                link.reading.note = "read \(link.reading.value); the known \(link.kind.title) \(table.identifierValues[Int(corrected.identifier)]) but for one character (\(corrected.change)), taken for it"
                link.reading.confidence = max(0, link.reading.confidence - ReadingCorrection.penalty)
                uses.append(storefront: storefront, identifier: corrected.identifier, network: network, image: image)
                network.readings.append(link.reading)
                continue
            }
            guard let folded = FoldedIdentifier.fold(link.reading.value, kind: link.kind) else { continue }
            let key = link.kind.rawValue + "\u{1F}" + folded.key
            let identifier: Int32
            if let existing = known[key] {
                identifier = existing
            } else if let corrected = correction.correction(of: key) {
                identifier = corrected.identifier
                link.reading.note = "read \(folded.key); close to the known \(link.kind.title) \(table.identifierValues[Int(corrected.identifier)]) (\(corrected.change)), taken for it"
                link.reading.confidence = max(0, link.reading.confidence - ReadingCorrection.penalty)
            } else if link.onlyIfKnown {
                continue
            } else {
                var id = "img-" + link.kind.rawValue + "-" + folded.key
                var suffix = 2
                while table.ids.index(of: id) != nil {
                    id = "img-" + link.kind.rawValue + "-" + folded.key + "-\(suffix)"
                    suffix += 1
                }
                identifier = table.ids.insert(id).index
                table.lines.append(0)
                table.identifierKinds.append(link.kind)
                table.identifierValues.append(link.reading.value)
                for column in table.columns.indices { table.columns[column].append("") }
                table.columns[kindColumn][Int(identifier)] = link.kind.rawValue
                table.columns[valueColumn][Int(identifier)] = link.reading.value
                table.columns[readColumn][Int(identifier)] = network.images.files[image]
                known[key] = identifier
            }
            uses.append(storefront: storefront, identifier: identifier, network: network, image: image)
            network.readings.append(link.reading)
        }
        network.tables[EntityKind.identifier.index] = table
        uses.buildAdjacency(sourceCount: network.count(of: .storefront), targetCount: table.count)
        network.links[Relation.uses.index] = uses
        // The evidence index and every other relation's adjacency must cover the new rows.
        let registered = network.links[Relation.registeredWith.index]
        var rebuilt = registered
        rebuilt.buildAdjacency(sourceCount: network.count(of: .seller), targetCount: table.count)
        network.links[Relation.registeredWith.index] = rebuilt
        network.evidenceByEntity[EntityKind.identifier.index] = Adjacency(
            rowCount: table.count,
            rows: network.evidence.filter { $0.entityKind == .identifier }.map(\.entity),
            values: network.evidence.indices.filter { network.evidence[$0].entityKind == .identifier }.map { Int32($0) })
        return network
    }
}

extension RelationLinks {
    /// A `uses` row from `storefront` to `identifier` read from `image`, its reading the next of
    /// `network.readings`.
    fileprivate mutating func append(storefront: Int32, identifier: Int32, network: SellerNetwork, image: Int) {
        sources.append(storefront)
        targets.append(identifier)
        let day = network.images.observedOn[image]
        firstSeen.append(day)
        lastSeen.append(day)
        lines.append(network.images.lines[image])
        readings.append(Int32(network.readings.count))
    }
}
