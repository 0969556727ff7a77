/// A problem with the case database or a request to it, as one line a person can act on:
/// `output/cases.sqlite: error: written by a newer RingScope (schema 3; this one knows 1); …`.
public struct CaseStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The file is not a SQLite database, or its pages are damaged.
        case damaged
        /// A SQLite database, but not a case store.
        case foreign
        /// Written by a newer RingScope: schema migrations this one does not know.
        case newerVersion
        /// Another process holds the write lock for longer than the busy timeout.
        case busy
        /// No case store at the path (read commands never create one).
        case missing
        /// A case, run or transition that does not exist or is not allowed.
        case invalidRequest
        /// Anything else SQLite reported (disk full, permissions).
        case database
    }

    public var kind: Kind
    /// The database file the error concerns.
    public var path: String
    public var message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): error: \(message)" }
}
