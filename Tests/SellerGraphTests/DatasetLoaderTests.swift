import Foundation
import Testing
@testable import SellerGraph

@Suite struct DatasetLoaderTests {
    @Test func loadsTheValidFixture() throws {
        let loaded = try DatasetFixture(DatasetFixture.valid).load()
        let network = loaded.network
        #expect(network.count(of: .seller) == 2)
        #expect(network.count(of: .storefront) == 3)
        #expect(network.links(.paysTo).count == 2)
        #expect(network.links(.transfersTo).count == 1)
        #expect(network.evidence.count == 2)
        #expect(network.listings.count == 1)
        let p1 = network.table(.paymentAccount).index(of: "P1")!
        #expect(network.links(.paysTo).backward[p1].map { network.id(.storefront, $0) } == ["F1", "F3"])
        #expect(network.seller(of: network.table(.storefront).index(of: "F3")!) == network.table(.seller).index(of: "S2"))
        #expect(network.table(.seller).attribute("name", of: 1) == "广州贝塔贸易")
        #expect(network.table(.address).attribute("text", of: 0) == "Room 301, No. 12 Xingfu Road")
        #expect(network.table(.address).latitudes == [23.16])
        #expect(network.evidence(about: .storefront, 0).map(\.reference) == ["TP-1"])
        #expect(network.links(.paysTo).lines == [2, 3])
    }

    @Test func columnsInAnyOrderAndUnknownColumnsKept() throws {
        let fixture = try DatasetFixture.valid(replacing: "sellers.csv", with: "note,city,seller_id\nhello,X,S1\n\"a,b\",Y,S2\n")
        let network = try fixture.load().network
        #expect(network.table(.seller).attribute("note", of: 1) == "a,b")
        #expect(network.table(.seller).attribute("city", of: 0) == "X")
    }

    @Test func onlySellersAndStorefrontsAreRequired() throws {
        let fixture = try DatasetFixture(["sellers.csv": "seller_id\nS1\n", "storefronts.csv": "storefront_id,seller_id\nF1,S1\n"])
        #expect(try fixture.load().network.count(of: .storefront) == 1)
    }

    @Test func warningsDoNotFail() throws {
        let fixture = try DatasetFixture(["sellers.csv": "seller_id\nS1\nS2\n", "storefronts.csv": "storefront_id,seller_id\nF1,S1\n",
                                          "factories.csv": "factory_id\nW9\n"])
        let warnings = try fixture.load().warnings.map(\.description)
        #expect(warnings.contains("sellers.csv:3:1: warning: seller has no storefront in storefronts.csv: \"S2\""))
        #expect(warnings.contains("factories.csv:2:1: warning: factory is not in any link of links.csv: \"W9\""))
    }

    /// Many rows with one problem are one line by default (the first row and a count), and a
    /// line each when every warning is asked for. (The shipped demo once opened with ten such
    /// lines about itself before its results.)
    @Test func repeatedWarningsAreOneLinePerKindUnlessAllAreAskedFor() throws {
        let fixture = try DatasetFixture(["sellers.csv": "seller_id\nS1\n", "storefronts.csv": "storefront_id,seller_id\nF1,S1\n",
                                          "payment_accounts.csv": "account_id\nP1\nP2\nP3\n",
                                          "factories.csv": "factory_id\nW9\n"])
        let summary = try fixture.load().warnings.map(\.description)
        #expect(summary == [
            "payment_accounts.csv:2:1: warning: payment_account is not in any link of links.csv: \"P1\" (and 2 more like it)",
            "factories.csv:2:1: warning: factory is not in any link of links.csv: \"W9\"",
        ])
        let all = try DatasetLoader(directory: fixture.directory, warningsListed: nil).load().warnings.map(\.description)
        #expect(all.count == 4)
        #expect(all.contains("payment_accounts.csv:4:1: warning: payment_account is not in any link of links.csv: \"P3\""))
        #expect(all.allSatisfy { !$0.contains("more like it") })
    }

    /// Every validation error, with its exact location.
    @Test(arguments: [
        ("links.csv", "source_id,target_id,relation\nF1,P1,pays\n",
         "links.csv:2:3: error: unknown relation \"pays\"; expected one of pays_to, ships_from, returns_to, registered_at, supplied_by, located_at, transfers_to, uses, registered_with"),
        ("links.csv", "source_id,target_id,relation\nF1,P9,pays_to\n",
         "links.csv:2:2: error: target of pays_to \"P9\" must be a payment_account, but no row of payment_accounts.csv has this account_id"),
        ("links.csv", "source_id,target_id,relation\nS1,P1,pays_to\n",
         "links.csv:2:1: error: source of pays_to \"S1\" must be a storefront, but no row of storefronts.csv has this storefront_id (it is a seller id)"),
        ("links.csv", "source_id,target_id,relation,first_seen\nF1,P1,pays_to,2021-02-30\n",
         "links.csv:2:4: error: bad date \"2021-02-30\"; expected YYYY-MM-DD"),
        ("links.csv", "source_id,relation\nF1,pays_to\n",
         "links.csv:1: error: missing required column \"target_id\"; the header has source_id, relation"),
        ("links.csv", "source_id,target_id,relation\nF1,P1\n",
         "links.csv:2:2: error: expected 3 fields as in the header, found 2"),
        ("links.csv", "source_id,target_id,relation\nF1,P1,pays_to,extra\n",
         "links.csv:2:4: error: expected 3 fields as in the header, found 4"),
        ("links.csv", "source_id,target_id,relation\nF1,\"P1,pays_to\n",
         "links.csv:2:2: error: unterminated quoted field: a field opened with \" never closes"),
        ("links.csv", "", "links.csv:1: error: empty file; expected a header row naming the columns source_id, target_id, relation"),
        ("sellers.csv", "seller_id,name\nS1,a\nS2,b\nS1,c\n",
         "sellers.csv:4:1: error: duplicate seller_id \"S1\" (first defined on line 2)"),
        ("sellers.csv", "seller_id,registered_on\nS1,2020/01/01\nS2,\n",
         "sellers.csv:2:2: error: bad date \"2020/01/01\" in registered_on; expected YYYY-MM-DD"),
        ("storefronts.csv", "storefront_id,seller_id\nF1,S1\nF2,S1\nF3,S7\n",
         "storefronts.csv:4:2: error: unknown seller \"S7\": no row of sellers.csv has this seller_id"),
        ("addresses.csv", "address_id,lat,lon\nA1,91.5,113\n",
         "addresses.csv:2:2: error: lat 91.5 is out of range; expected -90 to 90"),
        ("addresses.csv", "address_id,lat,lon\nA1,23.1,east\n",
         "addresses.csv:2:3: error: bad coordinate \"east\" in lon; expected decimal degrees such as 23.1291"),
        ("evidence.csv", "entity_type,entity_id,kind\nshop,F1,seizure\n",
         "evidence.csv:2:1: error: unknown entity type \"shop\"; expected one of seller, storefront, payment_account, address, factory, identifier"),
        ("evidence.csv", "entity_type,entity_id,kind\nstorefront,F1,fake\n",
         "evidence.csv:2:3: error: unknown evidence kind \"fake\"; expected one of test_purchase_fake, seizure, takedown, brand_complaint, price_anomaly, keyword_match, test_purchase_genuine"),
        ("evidence.csv", "entity_type,entity_id,kind\nfactory,F1,seizure\n",
         "evidence.csv:2:2: error: unknown factory \"F1\": no row of factories.csv has this factory_id (it is a storefront id)"),
        ("listings.csv", "listing_id,storefront_id,price\nL1,F1,-4\n",
         "listings.csv:2:3: error: bad price \"-4\"; expected a decimal number from 0 to 10^12 such as 129.90"),
    ])
    func reportsErrorWithLocation(file: String, content: String, expected: String) throws {
        let errors = try DatasetFixture.valid(replacing: file, with: content).errors()
        #expect(errors.contains(expected), "got \(errors)")
    }

    @Test func missingRequiredFile() throws {
        var files = DatasetFixture.valid
        files["storefronts.csv"] = nil
        let fixture = try DatasetFixture(files)
        #expect(fixture.errors().first?.hasPrefix("storefronts.csv: error: missing required file storefronts.csv") == true)
    }

    @Test func invalidUTF8InADatasetFile() throws {
        let fixture = try DatasetFixture(DatasetFixture.valid)
        try fixture.write("sellers.csv", bytes: Array("seller_id,name\nS1,".utf8) + [0xFF] + Array("\nS2,b\n".utf8))
        #expect(fixture.errors().contains("sellers.csv:2:2: error: invalid UTF-8; save the file as UTF-8"))
    }

    @Test func atMostTwentyErrorsPerFileAreReported() throws {
        var links = "source_id,target_id,relation\n"
        for _ in 0 ..< 50 { links += "F1,P1,pays\n" }
        let fixture = try DatasetFixture.valid(replacing: "links.csv", with: links)
        do {
            _ = try fixture.load()
            Issue.record("expected errors")
        } catch let errors as DatasetErrors {
            #expect(errors.errors.count == 20)
            #expect(errors.suppressed["links.csv"] == 30)
        }
    }

    /// Files are read two at a time by default; errors in files of both tasks come out in the
    /// order, and with the wording, of a one-thread read.
    @Test func errorsInSeveralFilesAreTheSameForOneAndTwoThreads() throws {
        var files = DatasetFixture.valid
        files["storefronts.csv"]! += "\nF9,S7,shopmall,Ghost,2020-01-01"
        files["addresses.csv"]! += "\nA2,x,Guangzhou,Guangdong,CN,91,113"
        files["links.csv"]! += "\nF1,P9,pays_to,,\nS1,P1,pays_to,,"
        files["listings.csv"]! += "\nL2,F1,Gucci,t,-4,1,CNY,1"
        let fixture = try DatasetFixture(files)
        func errors(threads: Int) -> [String] {
            do {
                _ = try DatasetLoader(directory: fixture.directory, threads: threads).load()
                return []
            } catch let errors as DatasetErrors {
                return errors.errors.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        let serial = errors(threads: 1)
        #expect(serial.map { $0.split(separator: ":").first! } == ["storefronts.csv", "addresses.csv", "links.csv", "links.csv", "listings.csv"])
        #expect(errors(threads: 2) == serial)
    }

    @Test func aValidDatasetLoadsTheSameWithOneAndTwoThreads() throws {
        let fixture = try DatasetFixture(DatasetFixture.valid)
        let one = try DatasetLoader(directory: fixture.directory, threads: 1).load()
        let two = try DatasetLoader(directory: fixture.directory, threads: 2).load()
        #expect(one.files == two.files)
        for kind in EntityKind.allCases {
            #expect(one.network.table(kind).count == two.network.table(kind).count)
            for entity in 0 ..< Int32(one.network.table(kind).count) {
                #expect(one.network.id(kind, entity) == two.network.id(kind, entity))
            }
        }
        for relation in Relation.allCases {
            #expect(one.network.links(relation).sources == two.network.links(relation).sources)
            #expect(one.network.links(relation).targets == two.network.links(relation).targets)
        }
    }
}

/// identifiers.csv, images.csv and evidence sources (DATASET.md v2).
@Suite struct IdentifierAndImageLoaderTests {
    static let base: [String: String] = [
        "sellers.csv": "seller_id\nS1\nS2\n",
        "storefronts.csv": "storefront_id,seller_id\nF1,S1\nF2,S2\n",
        "identifiers.csv": "identifier_id,kind,value\nI1,phone,+86 138-0013-8000\nI2,phone,13800138000\nI3,wechat,wxid_ab12\n",
        "links.csv": "source_id,target_id,relation\nF1,I1,uses\nF2,I2,uses\nS1,I3,registered_with\n",
    ]

    @Test func identifiersAndTheirRelationsLoad() throws {
        var files = Self.base
        files["evidence.csv"] = "entity_type,entity_id,kind,source\nidentifier,I3,brand_complaint,Kering brand protection\n"
        let network = try DatasetFixture(files).load().network
        #expect(network.count(of: .identifier) == 3)
        #expect(network.table(.identifier).identifierKinds == [.phone, .phone, .wechat])
        #expect(network.links(.uses).count == 2)
        #expect(network.links(.registeredWith).count == 1)
        #expect(network.evidence.first?.source == "Kering brand protection")
        #expect(network.evidence.first?.entityKind == .identifier)
    }

    @Test func unknownKindAndEmptyValueAreErrorsWithTheirPlace() throws {
        var files = Self.base
        files["identifiers.csv"] = "identifier_id,kind,value\nI1,fax,0755 1234\nI2,phone,\nI3,email,\"  \"\nI4, Phone ,138\n"
        files["links.csv"] = "source_id,target_id,relation\n"
        #expect(try DatasetFixture(files).errors() == [
            "identifiers.csv:2:2: error: unknown identifier kind \"fax\"; expected one of phone, email, device, ip, wechat, qq, id_document, website",
            "identifiers.csv:3:3: error: empty value; an identifier of kind phone needs its value (the number, address or id as written)",
            "identifiers.csv:4:3: error: empty value; an identifier of kind email needs its value (the number, address or id as written)",
        ])
    }

    @Test func aRelationMustPointAtAnIdentifier() throws {
        var files = Self.base
        files["links.csv"] = "source_id,target_id,relation\nF1,S1,uses\nI1,I2,registered_with\n"
        let errors = try DatasetFixture(files).errors()
        #expect(errors.contains("links.csv:2:2: error: target of uses \"S1\" must be an identifier, but no row of identifiers.csv has this identifier_id (it is a seller id)"))
        #expect(errors.contains("links.csv:3:1: error: source of registered_with \"I1\" must be a seller, but no row of sellers.csv has this seller_id (it is an identifier id)"))
    }

    /// A bad image is a warning naming images.csv's line and the file column, and only that
    /// image is skipped; the table's own problems are errors.
    @Test func badImagePathsAreWarningsAndTheImageIsSkipped() throws {
        var files = Self.base
        files["images.csv"] = """
        image_id,file,kind,storefront_id
        M1,images/ok.png,listing_image,F1
        M2,images/missing.png,parcel_label,F1
        M3,../outside.png,parcel_label,F2
        M4,/etc/passwd,receipt,F2
        M5,images,packaging,F2
        M6,,packaging,F2

        """
        let fixture = try DatasetFixture(files)
        try FileManager.default.createDirectory(atPath: fixture.directory + "/images", withIntermediateDirectories: true)
        try fixture.write("images/ok.png", bytes: [0x89, 0x50, 0x4E, 0x47])
        let loaded = try fixture.load()
        #expect(loaded.network.images.count == 6)
        #expect((0 ..< 6).map { loaded.network.images.isUsable(Int32($0)) } == [true, false, false, false, false, false])
        let warnings = loaded.warnings.map(\.description).filter { $0.hasPrefix("images.csv") }
        #expect(warnings == [
            "images.csv:3:2: warning: \"images/missing.png\": no such file in the dataset folder; image skipped",
            "images.csv:4:2: warning: \"../outside.png\": the path leaves the dataset folder; image skipped",
            "images.csv:5:2: warning: \"/etc/passwd\": an absolute path; name a file inside the dataset folder, e.g. images/P0001.png; image skipped",
            "images.csv:6:2: warning: \"images\": not a regular file; image skipped",
            "images.csv:7:2: warning: \"\": no file named; image skipped",
        ])
    }

    @Test func aSymbolicLinkOutOfTheFolderIsRefused() throws {
        var files = Self.base
        files["images.csv"] = "image_id,file,storefront_id\nM1,escape.png,F1\n"
        let fixture = try DatasetFixture(files)
        let outside = NSTemporaryDirectory() + "ringscope-outside-\(UUID().uuidString).png"
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: outside))
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: fixture.directory + "/escape.png", withDestinationPath: outside)
        let warnings = try fixture.load().warnings.map(\.description)
        #expect(warnings.contains("images.csv:2:2: warning: \"escape.png\": the path leaves the dataset folder through a symbolic link; image skipped"))
    }

    @Test func imageTableErrorsAreErrors() throws {
        var files = Self.base
        files["images.csv"] = "image_id,file,kind,storefront_id\nM1,a.png,selfie,F1\nM1,b.png,receipt,F1\nM2,c.png,receipt,F9\n"
        #expect(try DatasetFixture(files).errors() == [
            "images.csv:2:3: error: unknown image kind \"selfie\"; expected one of parcel_label, listing_image, packaging, receipt",
            "images.csv:3:1: error: duplicate image_id \"M1\" (first defined on line 2)",
            "images.csv:4:4: error: unknown storefront \"F9\": no row of storefronts.csv has this storefront_id",
        ])
    }
}
