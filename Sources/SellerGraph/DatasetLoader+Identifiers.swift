/// Reading `identifiers.csv` (DATASET.md v2): each row's kind must be one of
/// ``IdentifierKind`` and its value must hold something once spaces and labels are gone.
extension DatasetLoader {
    func readIdentifier(_ reader: CSVReader, _ columns: IdentifierColumns, into table: inout EntityTable, log: inout ErrorLog) {
        let file = EntityKind.identifier.fileName
        let kindText = reader.string(columns.kind).trimmingSpaces()
        let kind = IdentifierKind(rawValue: kindText.lowercased())
        if kind == nil {
            log.add(DatasetError(file: file, line: reader.recordLine, column: columns.kind + 1,
                                 message: "unknown identifier kind \(quoted(kindText)); expected one of \(IdentifierKind.expectedList)"))
        }
        let value = reader.string(columns.value)
        if let kind, FoldedIdentifier.fold(value, kind: kind) == nil {
            log.add(DatasetError(file: file, line: reader.recordLine, column: columns.value + 1,
                                 message: "empty value; an identifier of kind \(kind.rawValue) needs its value (the number, address or id as written)"))
        }
        table.identifierKinds.append(kind ?? .phone)
        table.identifierValues.append(value)
    }
}

/// Where `identifiers.csv`'s own columns are.
struct IdentifierColumns {
    static let required = ["kind", "value"]
    let kind: Int
    let value: Int

    /// The header has both columns (``DatasetLoader`` checked `required` first).
    init?(_ header: Header) {
        guard let kind = header.column("kind"), let value = header.column("value") else { return nil }
        self.kind = kind
        self.value = value
    }
}
