import SellerGraph

/// How much sharing one identifier says about two sellers, by kind: the weight each of its
/// users pulls with (spread over the others, as for every shared entity, ``Projection``).
///
/// The scale is that of the other links: a shared payout account is 1.0, a shared return
/// address 0.8, a shared factory 0.1.
/// - **ID document 1.0**: a business licence or ID number registers one legal person; sellers
///   registered with the same one are one party, as sellers paid into one account are.
/// - **Phone 0.9, WeChat 0.9, QQ 0.9**: a number or messaging account answers to one person,
///   the contact a counterfeit operation gives its buyers and couriers. A little below an ID
///   document: a family shares a landline, a shop assistant answers several shops' chats.
/// - **E-mail 0.8**: personal too, but shop-setup agencies register many clients with their
///   own address.
/// - **Device 0.6**: one phone or computer logging into several storefronts is one operator's
///   hand, unless it is an agency's or an internet café's machine; fingerprints of common
///   models also collide.
/// - **Website 0.4**: a contact page may be a shared template or a platform's shop page.
/// - **IP 0.2**: offices, co-working spaces, hotels, VPN exits and carrier NAT put unrelated
///   people behind one address; weak alone, it adds to other ties. Private and carrier-NAT
///   ranges never link (``FoldedIdentifier/isLinkable``).
///
/// An identifier shared by more sellers than the hub limit is a hub whatever its kind (the
/// marketplace's customer-service number printed on every parcel, a carrier's public NAT
/// address): kept out of linking and named in hubs.csv.
///
/// An identifier read from an image (OCR) weighs its kind's weight × the reading's confidence,
/// at least ``minimumReadingShare``: a number read at 0.95 links almost as a row of
/// identifiers.csv does; one read at 0.4 is kept as weaker evidence, not dropped.
public struct IdentifierWeights: Sendable, Equatable {
    public var phone = 0.9
    public var email = 0.8
    public var device = 0.6
    public var ip = 0.2
    public var wechat = 0.9
    public var qq = 0.9
    public var idDocument = 1.0
    public var website = 0.4
    /// The least share of its kind's weight an image-read identifier keeps.
    public var minimumReadingShare = 0.3

    public init() {}

    public func weight(of kind: IdentifierKind) -> Double {
        switch kind {
        case .phone: phone
        case .email: email
        case .device: device
        case .ip: ip
        case .wechat: wechat
        case .qq: qq
        case .idDocument: idDocument
        case .website: website
        }
    }

    /// The share of its kind's weight a link read at `confidence` keeps.
    public func readingShare(confidence: Double) -> Double {
        min(1, max(minimumReadingShare, confidence))
    }

    /// Kinds that one operator controls: shared, they bind fragments of one large ring
    /// (``Projection/forEachStrongPair(in:_:)``); devices, IPs and websites do not.
    public static let strongKinds: Set<IdentifierKind> = [.phone, .email, .wechat, .qq, .idDocument]

    /// `phone=0.9 email=0.8 …` for the manifest.
    public var summary: String {
        IdentifierKind.allCases.map { "\($0.rawValue)=\(weight(of: $0))" }.joined(separator: " ")
    }
}

extension Projection {
    /// The kinds that link sellers, in the order their pairs are made.
    static let linkingKinds: [EntityKind] = [.paymentAccount, .address, .factory, .identifier]

    /// Every use of an identifier by a seller: its group's representative, the seller (a
    /// storefront's operator, or the registered seller), and the weight (by kind, times the
    /// reading's confidence for a link read from an image). Unlinkable values (private IP
    /// addresses) are left out. `readingsOnly`: only the links read from images (what
    /// `ringscope image-identifiers` gives the Spark job, which folds identifiers.csv itself).
    public static func identifierUses(in network: SellerNetwork, resolution: IdentifierResolution, parameters: Parameters,
                                      readingsOnly: Bool = false) -> (rows: [Int32], sellers: [Int32], weights: [Double]) {
        let storefrontSeller = network.table(.storefront).storefrontSeller
        let kinds = network.table(.identifier).identifierKinds
        var rows: [Int32] = [], sellers: [Int32] = [], weights: [Double] = []
        for relation in [Relation.uses, .registeredWith] {
            let links = network.links(relation)
            for link in 0 ..< links.count where !readingsOnly || links.reading(of: Int32(link)) != nil {
                let identifier = links.targets[link]
                guard resolution.isLinkable(identifier) else { continue }
                var weight = parameters.identifiers.weight(of: kinds[Int(identifier)])
                if let reading = links.reading(of: Int32(link)) {
                    weight *= parameters.identifiers.readingShare(confidence: network.readings[Int(reading)].confidence)
                }
                guard weight > 0 else { continue }
                rows.append(resolution.representative[Int(identifier)])
                sellers.append(relation == .uses ? storefrontSeller[Int(links.sources[link])] : links.sources[link])
                weights.append(weight)
            }
        }
        return (rows, sellers, weights)
    }

    /// For each group's representative, the links to every spelling of it (0 for other rows).
    /// - Complexity: O(identifiers + their links).
    static func groupDegrees(resolution: IdentifierResolution, network: SellerNetwork) -> [Int] {
        var degrees = [Int](repeating: 0, count: resolution.representative.count)
        for (identifier, group) in resolution.representative.enumerated() {
            degrees[Int(group)] += network.degree(of: .identifier, Int32(identifier))
        }
        return degrees
    }

    /// The identifiers of `network` folded as the projection folds them (`ringscope resolve` shows these merges).
    public static func resolveIdentifiers(in network: SellerNetwork) -> IdentifierResolution {
        IdentifierResolution(network: network, explaining: true)
    }
}
