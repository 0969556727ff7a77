import Foundation
import SellerGraph

/// A small marketplace drawn by hand:
///
///     250 honest sellers ──ship_from──▶ H (hub warehouse)      ◀── every ring storefront too
///            └─pays_to──▶ E (escrow pool, hub)    └─supplied_by──▶ OEM (hub factory)
///     ring A: 6 sellers, 12 storefronts, accounts PA1/PA2, returns RA1/RA2, PA1 → PA2, workshop WS
///     ring B: 5 sellers, 10 storefronts, account PB1, return RB1, workshops WS (shared with A) and WB
///     family: 3 sellers sharing office OF and bank account PF, no fakes, one complaint
public struct MiniWorld {
    public var ringAFakes = 2
    public var ringBFakes = 1
    public var ringBGenuine = 0
    /// Extra rows appended to sellers.csv (hostile names, formulas).
    public var extraSellers = ""
    /// The CSV cell naming ring A's first seller (already quoted if it needs it).
    public var firstRingSellerCell = "Ring A seller 1"
    /// Extra rows of sellers.csv, storefronts.csv and links.csv, and whole extra files
    /// (identifiers.csv, images.csv…), for fixtures that add to the world.
    public var extraStorefronts = ""
    public var extraLinks = ""
    public var extraFiles: [String: String] = [:]

    public init(ringAFakes: Int = 2, ringBFakes: Int = 1, ringBGenuine: Int = 0, extraSellers: String = "", firstRingSellerCell: String = "Ring A seller 1") {
        self.firstRingSellerCell = firstRingSellerCell
        self.ringAFakes = ringAFakes
        self.ringBFakes = ringBFakes
        self.ringBGenuine = ringBGenuine
        self.extraSellers = extraSellers
    }

    public func files() -> [String: String] {
        var sellers = "seller_id,name,province,city\n"
        var storefronts = "storefront_id,seller_id,name\n"
        var accounts = "account_id,provider,holder_name\nE,escrow,Marketplace escrow\n"
        var addresses = "address_id,text,city,province,lat,lon\nH,Logistics Park Hub,Guangzhou,Guangdong,23.1,113.2\n"
        var factories = "factory_id,name,city,province,lat,lon\nOEM,Big OEM,Dongguan,Guangdong,23.0,113.7\nWS,Shared workshop,Putian,Fujian,25.4,119.0\nWB,Workshop B,Putian,Fujian,25.5,119.1\n"
        var links = "source_id,target_id,relation\n"
        var evidence = "entity_type,entity_id,kind,brand,observed_on,reference\n"
        for honest in 0 ..< 250 {
            sellers += "H\(honest),Honest \(honest),Zhejiang,Hangzhou\n"
            storefronts += "HS\(honest),H\(honest),Shop \(honest)\n"
            links += "HS\(honest),H,ships_from\nHS\(honest),OEM,supplied_by\n"
            if honest % 10 != 0 {
                links += "HS\(honest),E,pays_to\n"
            } else {
                accounts += "HP\(honest),bank,Honest \(honest)\n"
                links += "HS\(honest),HP\(honest),pays_to\n"
            }
        }
        accounts += "PA1,bank,Lin\nPA2,bank,Lin\nPB1,bank,Wu\nPF,bank,Family\n"
        addresses += "RA1,Room 301 No. 12 Xingfu Road,Guangzhou,Guangdong,23.16,113.27\nRA2,12 Xingfu Rd Rm 301,Guangzhou,Guangdong,23.16,113.27\n"
        addresses += "RB1,幸福路88号,广州,广东,23.2,113.3\nOF,Family office,Hangzhou,Zhejiang,30.2,120.1\n"
        for seller in 1 ... 6 {
            sellers += "A\(seller),\(seller == 1 ? firstRingSellerCell : "Ring A seller \(seller)"),Guangdong,Guangzhou\n"
            for shop in 1 ... 2 {
                let id = "AS\(seller)_\(shop)"
                storefronts += "\(id),A\(seller),A shop\n"
                links += "\(id),H,ships_from\n\(id),WS,supplied_by\n"
                links += "\(id),\(seller <= 3 ? "PA1" : "PA2"),pays_to\n"
                links += "\(id),\(seller <= 4 ? "RA1" : "RA2"),returns_to\n"
            }
        }
        links += "PA1,PA2,transfers_to\n"
        for fake in 0 ..< ringAFakes { evidence += "storefront,AS\(fake + 1)_1,test_purchase_fake,Gucci,2024-03-0\(fake + 1),TP-A\(fake)\n" }
        for seller in 1 ... 5 {
            sellers += "B\(seller),Ring B seller \(seller),Guangdong,Guangzhou\n"
            for shop in 1 ... 2 {
                let id = "BS\(seller)_\(shop)"
                storefronts += "\(id),B\(seller),B shop\n"
                links += "\(id),H,ships_from\n\(id),PB1,pays_to\n\(id),\(shop == 1 ? "WS" : "WB"),supplied_by\n"
                if seller <= 3 { links += "\(id),RB1,returns_to\n" }
            }
        }
        for fake in 0 ..< ringBFakes { evidence += "storefront,BS\(fake + 1)_1,test_purchase_fake,Prada,2024-04-0\(fake + 1),TP-B\(fake)\n" }
        for genuine in 0 ..< ringBGenuine { evidence += "storefront,BS\(genuine + 1)_2,test_purchase_genuine,Prada,2024-05-01,TP-G\(genuine)\n" }
        for member in 1 ... 3 {
            sellers += "F\(member),Family member \(member),Zhejiang,Hangzhou\n"
            storefronts += "FS\(member),F\(member),Family shop\n"
            links += "FS\(member),PF,pays_to\nF\(member),OF,registered_at\nFS\(member),H,ships_from\n"
        }
        evidence += "storefront,FS1,brand_complaint,Nike,2024-01-01,BC-1\n"
        sellers += extraSellers
        storefronts += extraStorefronts
        links += extraLinks
        return ["sellers.csv": sellers, "storefronts.csv": storefronts, "payment_accounts.csv": accounts, "addresses.csv": addresses,
                "factories.csv": factories, "links.csv": links, "evidence.csv": evidence].merging(extraFiles) { $1 }
    }

    /// Writes the world to a new temporary folder and returns its path.
    public func write() throws -> String {
        let directory = NSTemporaryDirectory() + "ringscope-mini-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, content) in files() {
            try Data(content.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        return directory
    }

    /// Loads a dataset made of `files` (name → content), written to a temporary folder.
    public static func network(files: [String: String]) throws -> SellerNetwork {
        let directory = NSTemporaryDirectory() + "ringscope-fixture-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, content) in files { try Data(content.utf8).write(to: URL(fileURLWithPath: directory + "/" + name)) }
        return try DatasetLoader(directory: directory).load().network
    }

    public func network() throws -> SellerNetwork {
        let directory = try write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try DatasetLoader(directory: directory).load().network
    }
}
