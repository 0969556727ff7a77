import Foundation
import SellerGraph

/// A seller projection made outside this process — by the Spark job in `distributed/` — that
/// `ringscope analyze --projection DIR` reads instead of projecting the dataset itself.
///
/// The folder (docs/distributed.md, "The projection folder"):
///
/// ```
/// DIR/projection.json     format, the ProjectionSpec it was made with, sellers, sellers_sha256,
///                         hub_limit, and (when communities/ exists) the seed and resolution
/// DIR/hubs.tsv            kind <TAB> entity index <TAB> distinct sellers, one hub a line
/// DIR/links/*             seller a <TAB> seller b <TAB> weight <TAB> strong weight, one pair a
///                         line (a < b; weights in units of 2^-40); all pairs of one connected
///                         component in one file, small components batched
/// DIR/communities/*       seller <TAB> group (the group's smallest seller), one seller of a
///                         group of two or more a line (optional)
/// ```
///
/// Entity and seller numbers are 0-based row numbers in their CSV file (data rows, header not
/// counted), the numbering ``DatasetLoader`` gives. Files whose name starts with `.` or `_`
/// (Spark's `_SUCCESS` and checksums) are skipped.
public struct ProjectionFolder: Sendable {
    public static let format = "ringscope-projection-folder/1"

    /// `projection.json`.
    public struct Header: Codable, Sendable {
        public struct Communities: Codable, Sendable {
            public var seed: UInt64
            /// `nil`: ringscope's default (``RingDetector/defaultResolution``).
            public var resolution: Double?
        }
        public var format: String
        public var spec: ProjectionSpec
        public var sellers: Int
        /// SHA-256 of sellers.csv, whose row order numbers the sellers.
        public var sellersSha256: String
        public var hubLimit: Int
        public var communities: Communities?
    }

    /// A hub as the folder lists it.
    public struct HubRow: Sendable, Equatable {
        public var kind: EntityKind
        public var entity: Int32
        public var sellers: Int
    }

    public var path: String
    public var header: Header
    public var hubs: [HubRow]
    public var links: SellerLinks
    /// The groups of two or more sellers, each increasing, ordered by their smallest seller;
    /// `nil` when the folder has no `communities/`.
    public var communities: [[Int32]]?

    /// Reads and checks the folder.
    /// - Throws: ``DatasetError`` naming the file and line of the first problem.
    public init(path: String) throws {
        self.path = path
        let headerPath = path + "/projection.json"
        guard let data = FileManager.default.contents(atPath: headerPath) else {
            throw DatasetError(file: headerPath, message: "no projection.json: not a projection folder written by distributed/ringscope-spark")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw DatasetError(file: headerPath, message: "unreadable projection header: \(error)")
        }
        guard header.format == Self.format else {
            throw DatasetError(file: headerPath, message: "format \"\(header.format)\"; this ringscope reads \"\(Self.format)\"")
        }
        let sellerCount = header.sellers

        var hubs: [HubRow] = []
        try Self.forEachRow(in: path + "/hubs.tsv", columns: 3) { file, line, fields in
            guard let kind = EntityKind(rawValue: String(decoding: fields[0], as: UTF8.self)) else {
                throw DatasetError(file: file, line: line, column: 1, message: "unknown entity kind")
            }
            let entity = try Self.integer(fields[1], file: file, line: line, column: 2)
            let sellers = try Self.integer(fields[2], file: file, line: line, column: 3)
            hubs.append(HubRow(kind: kind, entity: Int32(clamping: entity), sellers: Int(sellers)))
        }
        self.hubs = hubs

        var pairs: [(a: Int32, b: Int32, weight: Int64, strong: Int64)] = []
        for file in try Self.partFiles(in: path + "/links") {
            try Self.forEachRow(in: file, columns: 4) { file, line, fields in
                let a = try Self.integer(fields[0], file: file, line: line, column: 1)
                let b = try Self.integer(fields[1], file: file, line: line, column: 2)
                guard a >= 0, a < b, b < sellerCount else {
                    throw DatasetError(file: file, line: line, column: 1, message: "seller pair \(a) \(b) is not a < b < \(sellerCount)")
                }
                pairs.append((Int32(a), Int32(b), try Self.integer(fields[2], file: file, line: line, column: 3),
                              try Self.integer(fields[3], file: file, line: line, column: 4)))
            }
        }
        pairs.sort { $0.a != $1.a ? $0.a < $1.a : $0.b < $1.b }
        for index in pairs.indices.dropFirst() where pairs[index].a == pairs[index - 1].a && pairs[index].b == pairs[index - 1].b {
            throw DatasetError(file: path + "/links", message: "seller pair \(pairs[index].a) \(pairs[index].b) is listed twice")
        }
        links = SellerLinks(sellerCount: sellerCount, sources: pairs.map(\.a), targets: pairs.map(\.b),
                            weights: pairs.map(\.weight), strongWeights: pairs.map(\.strong))
        pairs = []

        let communityFiles = try Self.partFiles(in: path + "/communities", optional: true)
        if let communityFiles {
            var rows: [(seller: Int32, group: Int32)] = []
            for file in communityFiles {
                try Self.forEachRow(in: file, columns: 2) { file, line, fields in
                    let seller = try Self.integer(fields[0], file: file, line: line, column: 1)
                    let group = try Self.integer(fields[1], file: file, line: line, column: 2)
                    guard seller >= 0, seller < sellerCount, group >= 0, group <= seller else {
                        throw DatasetError(file: file, line: line, column: 1, message: "seller \(seller) in group \(group): not a seller, or not the group's smallest")
                    }
                    rows.append((Int32(seller), Int32(group)))
                }
            }
            rows.sort { $0.group != $1.group ? $0.group < $1.group : $0.seller < $1.seller }
            var groups: [[Int32]] = []
            for (position, row) in rows.enumerated() {
                if position == 0 || rows[position - 1].group != row.group {
                    guard row.seller == row.group else {
                        throw DatasetError(file: path + "/communities", message: "group \(row.group) is not named by its smallest seller")
                    }
                    groups.append([])
                } else if rows[position - 1].seller == row.seller {
                    throw DatasetError(file: path + "/communities", message: "seller \(row.seller) is listed twice")
                }
                groups[groups.count - 1].append(row.seller)
            }
            if let lone = groups.first(where: { $0.count < 2 }) {
                throw DatasetError(file: path + "/communities", message: "group \(lone[0]) has fewer than two sellers")
            }
            // A seller in two groups would appear under both keys.
            var seen = Set<Int32>()
            for seller in rows.map(\.seller) where !seen.insert(seller).inserted {
                throw DatasetError(file: path + "/communities", message: "seller \(seller) is in two groups")
            }
            groups.sort { $0[0] < $1[0] }
            communities = groups
        } else {
            communities = nil
        }
    }

    /// The part files of a folder in name order; `nil` if the folder is absent and `optional`.
    static func partFiles(in folder: String, optional: Bool = false) throws -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            if optional { return nil }
            throw DatasetError(file: folder, message: "missing folder of the projection")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        return names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("_") }.sorted().map { folder + "/" + $0 }
    }

    static func partFiles(in folder: String) throws -> [String] {
        try partFiles(in: folder, optional: false) ?? []
    }

    /// Calls `body` with the tab-separated fields of every non-empty line of `file`.
    static func forEachRow(in file: String, columns: Int,
                           _ body: (String, Int, [ArraySlice<UInt8>]) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DatasetError(file: file, message: "cannot read the file")
        }
        try forEachRow(in: [UInt8](data), file: file, columns: columns, body)
    }

    /// Calls `body` with the tab-separated fields of every non-empty line of `bytes`, read from `file`.
    public static func forEachRow(in bytes: [UInt8], file: String, columns: Int,
                                  _ body: (String, Int, [ArraySlice<UInt8>]) throws -> Void) throws {
        var line = 0
        var start = 0
        var fields: [ArraySlice<UInt8>] = []
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            line += 1
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            if lineEnd > start {
                fields.removeAll(keepingCapacity: true)
                var fieldStart = start
                for position in start ..< lineEnd where bytes[position] == UInt8(ascii: "\t") {
                    fields.append(bytes[fieldStart ..< position])
                    fieldStart = position + 1
                }
                fields.append(bytes[fieldStart ..< lineEnd])
                guard fields.count == columns else {
                    throw DatasetError(file: file, line: line, column: 1, message: "expected \(columns) tab-separated fields, found \(fields.count)")
                }
                try body(file, line, fields)
            }
            start = end + 1
        }
    }

    /// A decimal integer (optionally negative) from a field.
    @inline(__always)
    public static func integer(_ field: ArraySlice<UInt8>, file: String, line: Int, column: Int) throws -> Int64 {
        var value: Int64 = 0
        var negative = false
        var digits = 0
        for (offset, byte) in field.enumerated() {
            if offset == 0 && byte == UInt8(ascii: "-") { negative = true; continue }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"), digits < 18 else {
                throw DatasetError(file: file, line: line, column: column, message: "expected a whole number, found \"\(String(decoding: field, as: UTF8.self))\"")
            }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0 else { throw DatasetError(file: file, line: line, column: column, message: "empty number") }
        return negative ? -value : value
    }
}
