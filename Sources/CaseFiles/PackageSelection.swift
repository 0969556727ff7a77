import Investigation

/// Which rings of a run get a referral package written with the run (`analyze --render-top`).
/// Every other referable ring's package can be made later, on demand, with the same bytes
/// (``OnDemandPackage``, `ringscope package RUN RING_ID`).
public enum PackageSelection: Sendable, Equatable {
    /// The default: rings that warrant a referral now (``isWarranted(_:)``), in rank order, at
    /// most ``warrantedLimit``.
    case warranted
    /// The `n` top-ranked referable rings (the behaviour before `warranted`; `--render-top N`).
    case top(Int)
    /// Every referable ring (`--render-top all`).
    case all

    /// At most this many packages by default: a first batch an investigator can act on; the rest
    /// are ranked in rings.csv and one command away.
    public static let warrantedLimit = 20

    /// A ring warrants a package by default when its assessment is `counterfeit_ring`: a
    /// confirmed fake test purchase or a seizure stands behind it, the evidence a referral rests
    /// on. Suspected rings (weaker evidence only) and legitimate clusters do not.
    public static func isWarranted(_ ring: Ring) -> Bool {
        ring.assessment == .counterfeitRing
    }

    /// Rings a package can be made for at all: all but legitimate clusters, in rank order.
    public static func referable(_ investigation: Investigation) -> [Ring] {
        investigation.rings.filter { $0.assessment != .legitimateCluster }
    }

    /// The rings packaged with the run, in rank order (a subset of ``referable(_:)``).
    public func rings(of investigation: Investigation) -> [Ring] {
        rings(from: investigation.rings)
    }

    /// The rings packaged among `ranked` (rank order).
    public func rings(from ranked: [Ring]) -> [Ring] {
        let referable = ranked.filter { $0.assessment != .legitimateCluster }
        switch self {
        case .all: return referable
        case .top(let count): return Array(referable.prefix(max(0, count)))
        case .warranted: return Array(referable.filter(Self.isWarranted).prefix(Self.warrantedLimit))
        }
    }

    /// `warranted`, `all` or the number, as `--render-top` takes it and the manifest records it.
    public var argument: String {
        switch self {
        case .warranted: "warranted"
        case .all: "all"
        case .top(let count): String(count)
        }
    }

    /// Parses `--render-top`'s value; nil if it is none of `warranted`, `all` or a whole number ≥ 0.
    public init?(argument: String) {
        switch argument {
        case "warranted": self = .warranted
        case "all": self = .all
        default:
            guard let count = Int(argument), count >= 0 else { return nil }
            self = .top(count)
        }
    }

    /// The package folder (`rings/<name>`) of each referable ring, by ring id: names are given in
    /// rank order over all referable rings (``SafeNames``), so a ring's folder is the same
    /// whether its package is made with the run or later.
    public static func directories(_ investigation: Investigation) -> [String: String] {
        var names = SafeNames()
        var result: [String: String] = [:]
        for ring in referable(investigation) { result[ring.id] = "rings/" + names.name(for: ring.id) }
        return result
    }
}
