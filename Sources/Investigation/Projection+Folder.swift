import SellerGraph

extension Projection {
    /// The projection read from a ``ProjectionFolder`` (made by the Spark job) for `network`.
    ///
    /// Hubs, the hub limit and the seller pairs come from the folder; the hubs' link counts
    /// from the network. The result answers everything the rest of the analysis asks of a
    /// projection (``links``, ``hubs``, ``isHub(_:_:)``, ``hubLimit``); it cannot replay its
    /// strong pairs (``forEachStrongPair(in:_:)``), which the folder already summed.
    ///
    /// - Throws: ``DatasetError`` when the folder was made from another spec, or does not fit
    ///   the network (seller count, an entity out of range).
    public init(folder: ProjectionFolder, network: SellerNetwork, parameters: Parameters = Parameters()) throws {
        let headerFile = folder.path + "/projection.json"
        let mechanism = ProjectionSpec(parameters).mechanism
        guard folder.header.spec.mechanism == mechanism else {
            throw DatasetError(file: headerFile, message: "made by the projection mechanism \"\(folder.header.spec.mechanism)\"; this ringscope projects by \"\(mechanism)\"")
        }
        guard folder.header.spec == ProjectionSpec(parameters) else {
            throw DatasetError(file: headerFile, message: "made with another projection spec than this ringscope's (weights, hub rule or limits differ); run distributed/ringscope-spark again with this ringscope, or compare with `ringscope projection-spec`")
        }
        guard folder.header.sellers == network.count(of: .seller) else {
            throw DatasetError(file: headerFile, message: "made for \(folder.header.sellers) sellers; the dataset has \(network.count(of: .seller))")
        }
        var isHub: [[Bool]] = EntityKind.allCases.map { [Bool](repeating: false, count: network.count(of: $0)) }
        var hubs: [Hub] = []
        // An identifier hub is its group's first row; its links are those of every spelling.
        let identifierResolution = IdentifierResolution(network: network)
        let identifierGroupLinks = Projection.groupDegrees(resolution: identifierResolution, network: network)
        for row in folder.hubs {
            guard row.entity >= 0, Int(row.entity) < network.count(of: row.kind) else {
                throw DatasetError(file: folder.path + "/hubs.tsv", message: "\(row.kind.rawValue) \(row.entity) is not in the dataset")
            }
            isHub[row.kind.index][Int(row.entity)] = true
            let links = row.kind == .identifier ? identifierGroupLinks[Int(row.entity)] : network.degree(of: row.kind, row.entity)
            hubs.append(Hub(kind: row.kind, entity: row.entity, sellers: row.sellers, links: links))
        }
        // Every spelling of a hub identifier is the hub (as ``Projection/init(network:parameters:threads:)`` marks them).
        for identifier in 0 ..< network.count(of: .identifier) where isHub[EntityKind.identifier.index][Int(identifierResolution.representative[identifier])] {
            isHub[EntityKind.identifier.index][identifier] = true
        }
        hubs.sort { $0.sellers != $1.sellers ? $0.sellers > $1.sellers : ($0.kind != $1.kind ? $0.kind < $1.kind : $0.entity < $1.entity) }
        self.parameters = parameters
        self.hubs = hubs
        self.isHub = isHub
        self.hubLimit = folder.header.hubLimit
        self.users = [:]
        self.factorySites = []
        self.addressResolution = nil
        self.identifierResolution = identifierResolution
        self.links = folder.links
    }
}
