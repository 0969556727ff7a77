import Foundation
import SellerGraph

/// The same world some months later: `ringscope generate --snapshot-of DIR OUT`.
///
/// Reads a dataset that carries its answer key (`truth/rings.csv`) and writes the export an
/// analyst would receive at the next refresh, with entities that persist keeping their ids:
/// - most rings **continue**: some sellers leave, new ones join, fronting for the same payout
///   accounts, return addresses and workshops;
/// - some rings are **raided and vanish** (every seller and storefront gone), and an enforcement
///   partner's report of the raid is written to `enforcement/outcomes.csv` (DATASET.md's format,
///   keyed by the workshop, sellers and account the raid found);
/// - some of those **re-emerge**: the raided ring's sellers are gone, new sellers with new
///   storefronts buy from the same workshop and pay into one or two of the same accounts, maybe
///   returning to one of the same addresses;
/// - some rings close quietly; **new rings** appear (built like existing ones, entirely new
///   entities); honest sellers come and go.
///
/// New entities copy the rows of existing ones (every column kept) with new ids in the same
/// style, other names drawn from the dataset, street numbers and coordinates changed, and dates
/// within the new months. Links still active at the end of the old export run on to the new end.
/// Entities shared by many honest sellers (logistics hubs, escrow pools, OEMs) are reused by the
/// newcomers, never copied.
///
/// The answer key: `truth/rings.csv` for the new world (continuing rings keep their ring id) and
/// `truth/lineage.csv` (`ring_id, continues, change, raided`): `continued` (the same id),
/// `re_emerged` (a new id continuing a raided ring's id), `new`, and `vanished` for rings gone.
/// The analysis never reads `truth/`.
public struct WorldSnapshot: Sendable {
    public struct Parameters: Sendable {
        /// Days between the old export's last date and the new one's (91: three months).
        public var days = 91
        public var seed: UInt64 = 2
        /// Shares of the rings: raided and gone, raided and re-emerged, quietly gone; the rest
        /// continue (and two in three of those grow).
        public var raidedShare = 0.12
        public var reEmergedShare = 0.12
        public var closedShare = 0.05
        /// New rings, as a share of the existing ones (at least one).
        public var newRingShare = 0.12
        /// Honest sellers who leave, and newcomers, as shares of the honest sellers.
        public var honestLeaving = 0.03
        public var honestJoining = 0.04

        public init(seed: UInt64 = 2, days: Int = 91) {
            self.seed = seed
            self.days = days
        }
    }

    public let parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    /// Files the snapshot adds to a dataset folder (besides the dataset's own).
    public static let extraFileNames: Set<String> = ["enforcement"]

    /// What a snapshot did, for the command's summary.
    public struct Summary: Sendable, CustomStringConvertible {
        public var continued = 0, grown = 0, raided = 0, reEmerged = 0, closed = 0, new = 0
        public var sellersLeft = 0, sellersJoined = 0
        public var outcomeRows = 0
        public var firstDay = "", lastDay = ""

        public var description: String {
            """
            snapshot \(firstDay) … \(lastDay): \(continued) rings continue (\(grown) grew), \(raided) raided and gone, \
            \(reEmerged) raided and re-emerged under new sellers, \(closed) closed, \(new) new
              sellers: \(sellersLeft) left, \(sellersJoined) joined; enforcement/outcomes.csv: \(outcomeRows) rows (the raids)
            """
        }
    }

    /// Reads the dataset in `source` and writes its later snapshot into `directory` (created).
    ///
    /// - Throws: ``WorldGenerator/ParameterError`` when `source` has no `truth/rings.csv` or no
    ///   `links.csv`, and the reader's ``DatasetError`` for an unreadable file.
    @discardableResult
    public func write(from source: URL, to directory: URL, progress: (String) -> Void = { _ in }) throws -> Summary {
        progress("reading \(source.path)")
        var builder = try SnapshotBuilder(source: source, parameters: parameters)
        progress("evolving \(builder.truthRings.count) rings over \(parameters.days) days")
        builder.evolve()
        progress("writing \(directory.path)")
        try builder.write(to: directory)
        return builder.summary
    }
}
