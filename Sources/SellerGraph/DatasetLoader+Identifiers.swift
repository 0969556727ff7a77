/// Reading `identifiers.csv` (DATASET.md v2): each row's kind must be one of
/// ``IdentifierKind`` and its value must hold something once spaces and labels are gone.
extension DatasetLoader {
    func readIdentifier(_ reader: CSVReader, _ columns: IdentifierColumns, into table: inout EntityTable, log: inout ErrorLog) {
        let file = EntityKind.identifier.fileName
        let kindText = reader.string(columns.kind)
        let value = reader.string(columns.value)
        // Checked without folding: the projection folds every value (on every thread, once);
        // folding here too was a fifth of a 200k-seller run's CPU on one thread (issue 22).
        let checked = Self.checkIdentifier(kind: kindText, value: value, folding: false)
        if let problem = checked.problem {
            log.add(DatasetError(file: file, line: reader.recordLine, column: (problem.inKindColumn ? columns.kind : columns.value) + 1,
                                 message: problem.message))
        }
        table.identifierKinds.append(checked.kind ?? .phone)
        table.identifierValues.append(value)
    }

    /// One row of identifiers.csv checked: its kind (nil if unknown) and what is wrong with it,
    /// in the kind column or the value column. Also what `ringscope fold-identifiers` checks on
    /// the Spark job's workers, so that both name the same errors.
    ///
    /// - Parameter folding: whether to fold the value (`folded` is nil when false). A value is
    ///   refused only when it has nothing to fold (``FoldedIdentifier/hasContent(_:)``), so the
    ///   errors are the same either way.
    public static func checkIdentifier(kind kindField: String, value: String, folding: Bool = true)
        -> (kind: IdentifierKind?, folded: FoldedIdentifier?, problem: (inKindColumn: Bool, message: String)?) {
        let kindText = kindField.trimmingSpaces()
        guard let kind = IdentifierKind(rawValue: kindText.lowercased()) else {
            return (nil, nil, (true, "unknown identifier kind \(quoted(kindText)); expected one of \(IdentifierKind.expectedList)"))
        }
        let folded = folding ? FoldedIdentifier.fold(value, kind: kind) : nil
        guard folding ? folded != nil : FoldedIdentifier.hasContent(value) else {
            return (kind, nil, (false, "empty value; an identifier of kind \(kind.rawValue) needs its value (the number, address or id as written)"))
        }
        return (kind, folded, nil)
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
