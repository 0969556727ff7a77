import Foundation
import Testing
@testable import CaseFiles
import Investigation
import SellerGraph
import TestFixtures

/// `lone_sellers.csv` and the report's "Lone sellers" section: a family member with a fake of its
/// own is listed with the rest of its family; its name is escaped in the CSV and on the page.
@Suite struct LoneSellerTableTests {
    private struct Run {
        var investigation: Investigation
        var table: [[String]]
        var page: String
        var manifest: String
    }

    /// MiniWorld's family (F1–F3, seen selling) with a fake on F2's storefront when `fake`.
    private func run(fake: Bool, name: String = "Family member 2") throws -> Run {
        var world = MiniWorld()
        var files = world.files()
        files["sellers.csv"] = files["sellers.csv"]!.replacingOccurrences(of: "F2,Family member 2,", with: "F2,\(name),")
        if fake { files["evidence.csv"]! += "storefront,FS2,test_purchase_fake,Nike,2024-02-01,TP-F\n" }
        files["listings.csv"] = "listing_id,storefront_id,brand,title,price,msrp,currency,units_sold\n"
            + (1 ... 3).map { "LF\($0),FS\($0),Nike,Air Max,\($0 == 2 ? 20 : 120),130,USD,5\n" }.joined()
        world.extraFiles = files
        let directory = try world.write()
        let run = NSTemporaryDirectory() + "ringscope-run-" + UUID().uuidString
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: run)
        }
        let loaded = try DatasetLoader(directory: directory).load()
        let investigation = Investigation(network: loaded.network)
        var options = CaseFileWriter.Options()
        options.formats = []
        try CaseFileWriter().write(investigation, datasetDirectory: directory, files: loaded.files, to: run, options: options)
        func text(_ file: String) throws -> String {
            String(decoding: try #require(FileManager.default.contents(atPath: run + "/" + file)), as: UTF8.self)
        }
        let reader = try CSVReader(path: run + "/lone_sellers.csv")
        var table: [[String]] = []
        while try reader.next() { table.append(reader.strings()) }
        return Run(investigation: investigation, table: table, page: try text("index.html"), manifest: try text("manifest.json"))
    }

    @Test func listsTheLoneSellerWithTheRestOfItsGroup() throws {
        let run = try run(fake: true)
        #expect(run.table.first == ["seller_id", "name", "storefronts", "confirmed_fakes", "brands", "group_sellers", "group_ring_id",
                                    "group_assessment", "group_seller_ids", "reason"])
        #expect(run.table.count == 2)
        let row = try #require(run.table.last)
        let family = try #require(run.investigation.rings.first { ring in
            ring.sellers.map { run.investigation.network.id(.seller, $0) }.sorted() == ["F1", "F3"]
        })
        #expect(Array(row.prefix(9)) == ["F2", "Family member 2", "1", "1", "Nike", "3", family.id, "legitimate_cluster", "F1 F2 F3"])
        #expect(run.manifest.contains("\"lone_sellers.csv\""))
        #expect(run.page.contains("<section id=\"lone\">") && run.page.contains("<a href=\"#lone\">Lone sellers</a>"))
    }

    @Test func aFormulaOrMarkupInTheNameIsEscaped() throws {
        let run = try run(fake: true, name: "\"=HYPERLINK(\"\"http://x\"\")<b>\"")
        #expect(run.table.last?[1] == "'=HYPERLINK(\"http://x\")<b>")
        #expect(run.page.contains("=HYPERLINK(&quot;http://x&quot;)&lt;b&gt;") && !run.page.contains("<b>"))
    }

    @Test func withoutALoneSellerTheTableHasItsHeaderOnly() throws {
        let run = try run(fake: false)
        #expect(run.table.count == 1)
        #expect(!run.page.contains("<section id=\"lone\">"))
        #expect(run.manifest.contains("\"lone_sellers.csv\""))
    }
}
