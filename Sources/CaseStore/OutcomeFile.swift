import Foundation
import SellerGraph

/// The rows of an `outcomes.csv` from an enforcement partner (DATASET.md): one row per entity an
/// action found, keyed by the dataset's entities so it works whatever the case ids,
///
///     entity_type,entity_id,outcome,date,arrests,seized_value,currency,sites_shut,reference
///     factory,FA3c1d2e4f,confirmed,2026-04-10,3,1200000,CNY,1,GZ-AMR-2026-117
///
/// read with RingScope's CSV reader; every problem is a `FILE:LINE:COLUMN: error: …`.
public struct OutcomeFile: Sendable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var entity: EntityRef
        public var result: CaseOutcome.Result
        public var date: String
        public var arrests: Int?
        public var seizedValue: Double?
        public var currency: String
        public var sitesShut: Int?
        public var reference: String
    }

    /// The entity kinds a row may name (the dataset's words).
    public static let entityTypes = ["seller", "storefront", "payment_account", "address", "identifier", "factory"]
    static let requiredColumns = ["entity_type", "entity_id", "outcome", "date", "reference"]
    static let optionalColumns = ["arrests", "seized_value", "currency", "sites_shut"]

    public var fileName: String
    public var rows: [Row]

    /// Reads and checks the file; throws ``DatasetErrors`` listing every problem (at most
    /// ``DatasetErrors/limitPerFile``) when any row is wrong, so nothing of a bad file is imported.
    public init(path: String) throws {
        let reader = try CSVReader(path: path)
        fileName = reader.fileName
        var errors: [DatasetError] = []
        var suppressed = 0
        func fail(_ line: Int, _ column: Int, _ message: String) {
            if errors.count < DatasetErrors.limitPerFile {
                errors.append(DatasetError(file: reader.fileName, line: line, column: column, message: message))
            } else {
                suppressed += 1
            }
        }
        guard try reader.next() else {
            throw DatasetErrors(errors: [DatasetError(file: reader.fileName, line: 1, message: "the file is empty; expected a header: \(Self.requiredColumns.joined(separator: ",")),\(Self.optionalColumns.joined(separator: ","))")])
        }
        let header = reader.strings().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (index, name) in header.enumerated() where column[name] == nil { column[name] = index }
        let missing = Self.requiredColumns.filter { column[$0] == nil }
        if !missing.isEmpty {
            throw DatasetErrors(errors: [DatasetError(file: reader.fileName, line: reader.recordLine, message: "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); the header must name \(Self.requiredColumns.joined(separator: ", ")) (and may name \(Self.optionalColumns.joined(separator: ", ")))")])
        }
        var rows: [Row] = []
        while try reader.next() {
            let line = reader.recordLine
            func cell(_ name: String) -> (text: String, column: Int) {
                guard let index = column[name], index < reader.fieldCount else { return ("", (column[name] ?? 0) + 1) }
                return (reader.string(index).trimmingCharacters(in: .whitespaces), index + 1)
            }
            var valid = true
            let type = cell("entity_type"), id = cell("entity_id"), outcome = cell("outcome"), date = cell("date"), reference = cell("reference")
            if !Self.entityTypes.contains(type.text) {
                fail(line, type.column, "unknown entity_type \(Self.quoted(type.text)); expected one of \(Self.entityTypes.joined(separator: ", "))")
                valid = false
            }
            if id.text.isEmpty { fail(line, id.column, "entity_id is empty; name the entity the action found"); valid = false }
            let result = CaseOutcome.Result(rawValue: outcome.text)
            if result == nil { fail(line, outcome.column, "unknown outcome \(Self.quoted(outcome.text)); expected confirmed or unfounded"); valid = false }
            if !Timestamps.isDate(date.text) { fail(line, date.column, "\(Self.quoted(date.text)) is not a date; write YYYY-MM-DD"); valid = false }
            if reference.text.isEmpty { fail(line, reference.column, "reference is empty; rows of one action share its reference"); valid = false }
            func count(_ name: String) -> Int? {
                let value = cell(name)
                if value.text.isEmpty { return nil }
                guard let number = Int(value.text), number >= 0 else {
                    fail(line, value.column, "\(name) \(Self.quoted(value.text)) is not a whole number of 0 or more")
                    valid = false
                    return nil
                }
                return number
            }
            let arrests = count("arrests"), sites = count("sites_shut")
            let seized = cell("seized_value"), currency = cell("currency")
            var value: Double?
            if !seized.text.isEmpty {
                let plain = seized.text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
                if let number = Double(plain), number >= 0, number.isFinite, plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
                    value = number
                    if currency.text.isEmpty { fail(line, currency.column, "seized_value \(seized.text) has no currency; write an ISO code such as CNY, USD, EUR"); valid = false }
                } else {
                    fail(line, seized.column, "seized_value \(Self.quoted(seized.text)) is not an amount of 0 or more (digits and a decimal point)")
                    valid = false
                }
            }
            if valid, let result {
                rows.append(Row(line: line, entity: EntityRef(kind: type.text, id: id.text), result: result, date: date.text, arrests: arrests,
                                seizedValue: value, currency: currency.text.uppercased(), sitesShut: sites, reference: reference.text))
            }
        }
        if !errors.isEmpty {
            throw DatasetErrors(errors: errors, suppressed: suppressed > 0 ? [reader.fileName: suppressed] : [:])
        }
        self.rows = rows
    }

    static func quoted(_ text: String) -> String {
        let shown = text.unicodeScalars.prefix(60).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
        return "\"\(shown)\(text.unicodeScalars.count > 60 ? "…" : "")\""
    }
}
