import Foundation
import Parallel
import SellerGraph

/// Generates a synthetic marketplace in the dataset format of DATASET.md, with its ground truth.
///
/// The world imitates what real exports look like: an honest majority whose storefronts ship
/// from a handful of logistics hubs and are paid through marketplace escrow pools shared by
/// thousands; honest families and holdings that share an office and a bank account; legitimate
/// OEM factories that supply thousands of honest storefronts and a few ring ones; counterfeit
/// rings of heavy-tailed size that share small pools of payout accounts, return addresses
/// written several ways and one to three workshops (some shared between rings), move money
/// between their accounts, and carry only partial, noisy evidence. Lone counterfeiters, false
/// complaints on honest storefronts and genuine test purchases add the noise a detector must
/// survive.
///
/// Nothing in an id, a name or a row's position tells a role: ids are a keyed bijection of a
/// dense index, every file's rows are shuffled with the seeded generator, and ring members draw
/// names, cities, platforms and providers from the same tables as honest sellers.
///
/// The same parameters give byte-identical files on every machine: every random choice comes
/// from ``SplitMix64`` streams derived from the seed, and no output depends on hashing or
/// dictionary order.
///
/// ```swift
/// let generator = WorldGenerator(WorldGenerator.Parameters(sellers: 2_000, rings: 6, seed: 7))
/// let summary = try generator.write(to: URL(fileURLWithPath: "datasets/demo"))
/// print(summary)
/// ```
public struct WorldGenerator: Sendable {
    /// What to generate. Every count not given scales with `sellers`.
    public struct Parameters: Sendable, Equatable {
        /// Sellers in the world, rings and families included. At least 10.
        public var sellers: Int
        /// Counterfeit rings; `nil` means `max(1, sellers / 300)`.
        public var rings: Int?
        /// The seed of every random choice.
        public var seed: UInt64
        /// Logistics hub warehouses; `nil` means `sellers / 4000` clamped to 3...40.
        public var hubWarehouses: Int?
        /// Marketplace escrow pool accounts; `nil` means `sellers / 15000` clamped to 2...24.
        public var escrowPools: Int?
        /// Large legitimate OEM factories; `nil` means `sellers / 8000` clamped to 2...60.
        public var oemFactories: Int?
        /// Share of the honest sellers that belong to a family or holding of 2–6 sellers.
        public var familyShare: Double
        /// Share of the honest sellers that sell fakes alone (not a ring: no truth row).
        public var loneCounterfeiterShare: Double
        /// Pareto exponent of ring sizes (smaller is heavier-tailed).
        public var ringSizeExponent: Double
        /// Smallest and largest ring, in sellers.
        public var ringSizeRange: ClosedRange<Int>
        /// Images drawn (parcel labels and listing photos); `nil` means `sellers / 50`, at most
        /// 400, and at least what the hidden members need.
        public var images: Int?
        /// Whether the world carries the traps of real exports (``TrapBuilder``, docs/generator.md):
        /// registered agents, payment collectors, freight forwarders, lone counterfeiters in honest
        /// families, evidence-free rings, rotating payouts, CSV quirks, and `truth/traps.csv`.
        /// Set it with ``enableTraps()``, which also widens the ring sizes.
        public private(set) var traps = false

        /// Turns the traps on, with ring sizes from 2 to 400 sellers.
        public mutating func enableTraps() {
            traps = true
            ringSizeRange = TrapBuilder.ringSizeRange
        }

        public init(sellers: Int = 2_000, rings: Int? = nil, seed: UInt64 = 1) {
            self.sellers = sellers
            self.rings = rings
            self.seed = seed
            hubWarehouses = nil
            escrowPools = nil
            oemFactories = nil
            familyShare = 0.06
            loneCounterfeiterShare = 0.002
            ringSizeExponent = 1.3
            ringSizeRange = 3...250
            images = nil
        }

        /// The number of rings generated: the one given, or one per 300 sellers.
        public var effectiveRings: Int { rings ?? max(1, sellers / 300) }
        var effectiveHubs: Int { hubWarehouses ?? min(40, max(3, sellers / 4_000)) }
        var effectiveEscrowPools: Int { escrowPools ?? min(24, max(2, sellers / 15_000)) }
        var effectiveOEMs: Int { oemFactories ?? min(60, max(2, sellers / 8_000)) }
        var effectiveImages: Int { images ?? min(400, sellers / 50) }
        /// Honest factories that are not OEMs: many small suppliers.
        var effectiveSmallFactories: Int { max(4, sellers / 120) }
    }

    /// Parameters that cannot make a world, with what to change.
    public struct ParameterError: Error, CustomStringConvertible, Equatable {
        public let message: String
        public var description: String { message }
    }

    public let parameters: Parameters

    /// Names of the entries a generated dataset folder holds (`truth` is a folder).
    public static var generatedFileNames: Set<String> { WorldFile.generatedNames.union(WorldSnapshot.extraFileNames) }

    public init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// Checks that the parameters can make a world: enough sellers for the rings.
    public func validate() throws {
        let p = parameters
        guard p.sellers >= 10 else {
            throw ParameterError(message: "--sellers must be at least 10 (got \(p.sellers))")
        }
        guard p.sellers <= 50_000_000 else {
            throw ParameterError(message: "--sellers must be at most 50000000 (got \(p.sellers))")
        }
        guard p.effectiveRings >= 0 else {
            throw ParameterError(message: "--rings must not be negative (got \(p.effectiveRings))")
        }
        let minimumRing = p.ringSizeRange.lowerBound
        guard p.effectiveRings * minimumRing * 2 <= p.sellers else {
            throw ParameterError(message: "\(p.effectiveRings) rings of at least \(minimumRing) sellers need at least \(p.effectiveRings * minimumRing * 2) sellers (rings are at most half the world); lower --rings or raise --sellers")
        }
        guard p.familyShare >= 0, p.familyShare < 0.5, p.loneCounterfeiterShare >= 0, p.loneCounterfeiterShare < 0.1 else {
            throw ParameterError(message: "familyShare must be in 0..<0.5 and loneCounterfeiterShare in 0..<0.1")
        }
        if let images = p.images, images < 0 || images > 100_000 {
            throw ParameterError(message: "--images must be in 0...100000 (got \(images))")
        }
        for (name, value) in [("hubWarehouses", p.hubWarehouses), ("escrowPools", p.escrowPools), ("oemFactories", p.oemFactories)] {
            if let value, value < 1 || value > 10_000 {
                throw ParameterError(message: "\(name) must be in 1...10000 (got \(value))")
            }
        }
        guard p.ringSizeExponent > 0, minimumRing >= 2 else {
            throw ParameterError(message: "ringSizeExponent must be positive and rings at least 2 sellers")
        }
    }

    /// Builds the world and writes every file of the dataset, `truth/` included, into
    /// `directory` (created if missing; existing files of the same names are replaced).
    ///
    /// - Parameters:
    ///   - directory: the dataset folder to write.
    ///   - progress: called with a short line per stage ("building the world", "writing links.csv").
    /// - Returns: the rows written per file and the shape of the world.
    /// - Complexity: O(sellers) time and memory; about 20 rows per seller over all files.
    @discardableResult
    public func write(to directory: URL, progress: @Sendable (String) -> Void = { _ in }) throws -> WorldSummary {
        try validate()
        progress("building the world (\(parameters.sellers) sellers, \(parameters.effectiveRings) rings, seed \(parameters.seed))")
        var builder = WorldBuilder(parameters: parameters)
        builder.build()
        // Identifiers, hidden members and images: a pass of their own, on their own random stream.
        var identifiers = IdentifierBuilder(world: builder.world, seed: parameters.seed, imageBudget: parameters.effectiveImages)
        identifiers.build()
        var world = identifiers.world
        if parameters.traps {
            var traps = TrapBuilder(world: world, seed: parameters.seed)
            traps.build()
            world = traps.world
        }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory.appendingPathComponent("truth"), withIntermediateDirectories: true)
        // Files are independent, so they are written on all cores, largest first; each file's
        // bytes depend only on the world and the seed, never on which thread wrote it.
        // (1M sellers: 29 s on one thread → see docs/generator.md for the measured time.)
        let writer = WorldWriter(world: world, seed: parameters.seed)
        let largestFirst = WorldFile.allCases.sorted { $0.expectedCost > $1.expectedCost }
        let rows = try concurrentMap(largestFirst.count, threads: ProcessInfo.processInfo.activeProcessorCount) { position in
            let file = largestFirst[position]
            progress("writing \(file.path)")
            return try writer.write(file, to: directory.appendingPathComponent(file.path))
        }
        var files = WorldFile.allCases.map { file in
            WorldSummary.FileCount(path: file.path, rows: rows[largestFirst.firstIndex(of: file)!])
        }
        if parameters.traps {
            progress("writing truth/traps.csv and the CSV quirks")
            files.append(.init(path: "truth/traps.csv", rows: try writer.writeTraps(to: directory.appendingPathComponent("truth/traps.csv"))))
            try CSVQuirks.apply(in: directory)
        }
        return WorldSummary(parameters: parameters, files: files, world: world)
    }
}

/// What ``WorldGenerator/write(to:progress:)`` wrote: rows per file and the shape of the world,
/// so that a loader round trip can compare its counts with the generator's.
public struct WorldSummary: Sendable, Equatable, CustomStringConvertible {
    public struct FileCount: Sendable, Equatable {
        /// Relative to the dataset folder: `links.csv`, `truth/rings.csv`.
        public let path: String
        /// Data rows, the header not counted.
        public let rows: Int
    }

    public let parameters: WorldGenerator.Parameters
    /// Every file written, in a fixed order.
    public let files: [FileCount]
    /// Links per relation, in `Relation.allCases` order.
    public let linksPerRelation: [(relation: Relation, count: Int)]
    /// Evidence rows per kind, in `EvidenceKind.allCases` order.
    public let evidencePerKind: [(kind: EvidenceKind, count: Int)]
    public let rings: Int
    public let ringSellers: Int
    public let largestRing: Int
    public let families: Int
    public let familySellers: Int
    public let loneCounterfeiters: Int
    public let hubWarehouses: Int
    public let escrowPools: Int
    public let oemFactories: Int
    public let workshops: Int
    /// Workshops that supply storefronts of two or more rings.
    public let sharedWorkshops: Int
    public let physicalPlaces: Int
    /// Images drawn, and ring members tied to their ring only through an identifier or an image.
    public let images: Int
    public let hiddenMembers: Int

    init(parameters: WorldGenerator.Parameters, files: [FileCount], world: GeneratedWorld) {
        self.parameters = parameters
        self.files = files
        var links = [Int](repeating: 0, count: Relation.allCases.count)
        for relation in world.linkRelation { links[Int(relation)] += 1 }
        linksPerRelation = Relation.allCases.map { ($0, links[$0.index]) }
        var evidence = [Int](repeating: 0, count: EvidenceKind.allCases.count)
        for kind in world.evidenceKind { evidence[Int(kind)] += 1 }
        evidencePerKind = EvidenceKind.allCases.map { ($0, evidence[$0.index]) }
        rings = world.ringMembers.count
        ringSellers = world.ringMembers.reduce(0) { $0 + $1.count }
        largestRing = world.ringMembers.map(\.count).max() ?? 0
        families = world.familyCount
        familySellers = world.familySellerCount
        loneCounterfeiters = world.loneCounterfeiterCount
        hubWarehouses = world.hubPlaces.count
        escrowPools = world.escrowAccounts.count
        oemFactories = world.factoryKind.filter { $0 == FactoryKind.oem.rawValue }.count
        workshops = world.factoryKind.filter { $0 == FactoryKind.workshop.rawValue }.count
        sharedWorkshops = world.sharedWorkshopCount
        physicalPlaces = world.placeCity.count
        images = world.imageStorefront.count
        hiddenMembers = world.hiddenMembers.count
    }

    /// Rows written to one file (`"links.csv"`, `"truth/rings.csv"`), or nil if not written.
    public func rows(in path: String) -> Int? {
        files.first { $0.path == path }?.rows
    }

    public var totalRows: Int { files.reduce(0) { $0 + $1.rows } }

    public static func == (lhs: WorldSummary, rhs: WorldSummary) -> Bool {
        lhs.parameters == rhs.parameters && lhs.files == rhs.files
            && lhs.linksPerRelation.map(\.count) == rhs.linksPerRelation.map(\.count)
            && lhs.evidencePerKind.map(\.count) == rhs.evidencePerKind.map(\.count)
    }

    public var description: String {
        var lines: [String] = []
        lines.append("world: \(parameters.sellers) sellers, seed \(parameters.seed)")
        lines.append("  rings: \(rings) (\(ringSellers) sellers, largest \(largestRing)); families: \(families) (\(familySellers) sellers); lone counterfeiters: \(loneCounterfeiters)")
        lines.append("  hubs: \(hubWarehouses) warehouses, \(escrowPools) escrow pools; factories: \(oemFactories) OEMs, \(workshops) workshops (\(sharedWorkshops) shared by rings)")
        lines.append("  identifiers: \(rows(in: "identifiers.csv") ?? 0) rows; images: \(images); ring members tied only by an identifier or an image: \(hiddenMembers)")
        lines.append("files (data rows):")
        let width = files.map(\.path.count).max() ?? 0
        for file in files {
            lines.append("  " + file.path + String(repeating: " ", count: width - file.path.count) + "  " + String(file.rows))
        }
        lines.append("  total" + String(repeating: " ", count: max(0, width - 5)) + "  " + String(totalRows))
        lines.append("links: " + linksPerRelation.map { "\($0.relation.rawValue) \($0.count)" }.joined(separator: ", "))
        lines.append("evidence: " + evidencePerKind.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
