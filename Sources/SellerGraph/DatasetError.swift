/// A problem in a dataset, located the way compilers locate theirs: `FILE:LINE:COLUMN`.
///
/// `line` is the 1-based physical line where the offending record starts (a quoted field may span
/// lines); `column` is the 1-based field number within the record, `0` when the problem concerns
/// the whole file or row. The description reads as one line an editor can jump to:
/// `links.csv:1042:3: error: unknown relation "pays"; expected one of pays_to, ships_from, …`.
public struct DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Severity: String, Sendable { case error, warning }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String
    /// How many more rows have the same problem but are not listed (a warning that stands for
    /// a kind: "… and 467 more like it"); 0 for a warning about this row only.
    public var unlisted: Int

    public init(file: String, line: Int = 0, column: Int = 0, severity: Severity = .error, message: String, unlisted: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.unlisted = unlisted
    }

    public var description: String {
        var location = file
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        let more = unlisted > 0 ? " (and \(unlisted) more like it)" : ""
        return "\(location): \(severity.rawValue): \(message)\(more)"
    }
}

/// All the errors that stopped a dataset from loading, at most ``DatasetErrors/limitPerFile`` per file.
public struct DatasetErrors: Error, CustomStringConvertible, Sendable {
    /// Reporting stops after this many errors in one file; the rest are counted.
    public static let limitPerFile = 20

    public var errors: [DatasetError]
    /// Errors past the limit, per file, that were counted but not reported.
    public var suppressed: [String: Int]

    public init(errors: [DatasetError], suppressed: [String: Int] = [:]) {
        self.errors = errors
        self.suppressed = suppressed
    }

    public var description: String {
        var lines = errors.map(\.description)
        for (file, count) in suppressed.sorted(by: { $0.key < $1.key }) where count > 0 {
            lines.append("\(file): error: \(count) more error\(count == 1 ? "" : "s") not shown (first \(Self.limitPerFile) reported)")
        }
        return lines.joined(separator: "\n")
    }
}

/// A quote string for messages: the value as the user wrote it, shortened, control characters visible.
func quoted(_ value: String, limit: Int = 60) -> String {
    var shown = ""
    for scalar in value.unicodeScalars.prefix(limit) {
        switch scalar {
        case "\n": shown += "\\n"
        case "\r": shown += "\\r"
        case "\t": shown += "\\t"
        case "\"": shown += "\\\""
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F { shown += "\\u{\(String(scalar.value, radix: 16))}" } else { shown.unicodeScalars.append(scalar) }
        }
    }
    if value.unicodeScalars.count > limit { shown += "…" }
    return "\"\(shown)\""
}
