import Foundation
@testable import SellerGraph

/// A dataset folder written from literal file contents, removed when the test is done.
final class DatasetFixture {
    let directory: String

    init(_ files: [String: String]) throws {
        directory = NSTemporaryDirectory() + "ringscope-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, content) in files {
            try Data(content.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func load() throws -> LoadedDataset { try DatasetLoader(directory: directory).load() }

    /// The error lines of a failing load (`FILE:LINE:COLUMN: error: …`), or [] if it loaded.
    func errors() -> [String] {
        do {
            _ = try load()
            return []
        } catch let errors as DatasetErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    /// A small valid dataset (12 rows in all): two sellers, three storefronts, the relations.
    static let valid: [String: String] = [
        "sellers.csv": """
        seller_id,name,registered_on,country,province,city
        S1,Alpha Trading,2020-01-05,CN,Guangdong,Guangzhou
        S2,广州贝塔贸易,2021-02-28,CN,广东,广州

        """,
        "storefronts.csv": """
        storefront_id,seller_id,platform,name,opened_on
        F1,S1,shopmall,Alpha Shop,2020-02-01
        F2,S1,shopmall,Alpha Outlet,2020-03-01
        F3,S2,shopmall,贝塔小店,2021-03-01

        """,
        "payment_accounts.csv": """
        account_id,provider,holder_name
        P1,bank,Alpha
        P2,bank,Beta

        """,
        "addresses.csv": """
        address_id,text,city,province,country,lat,lon
        A1,"Room 301, No. 12 Xingfu Road",Guangzhou,Guangdong,CN,23.16,113.27

        """,
        "factories.csv": """
        factory_id,name,city,province,country,lat,lon
        W1,Workshop,Guangzhou,Guangdong,CN,23.10,113.30

        """,
        "links.csv": """
        source_id,target_id,relation,first_seen,last_seen
        F1,P1,pays_to,2020-02-01,2021-01-01
        F3,P1,pays_to,,
        F2,A1,returns_to,2020-03-01,
        S2,A1,registered_at,,
        F3,W1,supplied_by,,
        W1,A1,located_at,,
        P1,P2,transfers_to,2021-05-05,2021-05-05

        """,
        "evidence.csv": """
        entity_type,entity_id,kind,brand,observed_on,reference
        storefront,F1,test_purchase_fake,Gucci,2021-06-01,TP-1
        storefront,F3,test_purchase_genuine,Prada,2021-06-02,TP-2

        """,
        "listings.csv": """
        listing_id,storefront_id,brand,title,price,msrp,currency,units_sold
        L1,F1,Gucci,"Bag, AAA",120,2300,CNY,40

        """,
    ]

    /// The valid dataset with one file replaced.
    static func valid(replacing name: String, with content: String) throws -> DatasetFixture {
        var files = valid
        files[name] = content
        return try DatasetFixture(files)
    }
}
