import Testing
@testable import SellerGraph

/// One identifier written the ways exports and labels write it folds to one key; different
/// identifiers stay different.
@Suite struct IdentifierFoldingTests {
    @Test(arguments: [
        ("+86 138-0013-8000", "+8613800138000"), ("13800138000", "+8613800138000"), ("138 0013 8000", "+8613800138000"),
        ("(+86) 138-0013-8000", "+8613800138000"), ("0086 138 0013 8000", "+8613800138000"), ("8613800138000", "+8613800138000"),
        ("１３８００１３８０００", "+8613800138000"), ("Tel: 138.0013.8000", "+8613800138000"), ("手机：13800138000", "+8613800138000"),
        ("138-0013-8000 ext 12", "+8613800138000"), ("(0755) 8888 1234", "+8675588881234"), ("0755-88881234", "+8675588881234"),
        ("+86 755 8888 1234", "+8675588881234"), ("+86 (0)755 8888 1234", "+8675588881234"), ("020-8888-1234", "+862088881234"),
        ("010 6552 9988", "+861065529988"), ("400-820-8820", "+864008208820"), ("+44 20 7946 0958", "+442079460958"),
        ("+44 (0)20 7946 0958", "+442079460958"), ("0044 20 7946 0958", "+442079460958"), ("+1 (415) 555-0132", "+14155550132"),
        ("+852 2345 6789", "+85223456789"), ("+39 06 1234 5678", "+390612345678"),
    ])
    func phonesFoldToE164(written: String, expected: String) {
        #expect(PhoneNumber.fold(written).key == expected, "\(written)")
    }

    @Test func phonesThatAreNotE164KeepTheirDigits() {
        #expect(PhoneNumber.fold("8888 1234").key == "CN-local:88881234")
        #expect(PhoneNumber.fold("95555").key == "CN-short:95555")
        #expect(PhoneNumber.fold("+86 181 5679 450").key.hasPrefix("digits:"), "a mobile missing a digit is not a landline with area code 18")
        #expect(PhoneNumber.fold("13800138000").key != PhoneNumber.fold("13800138001").key)
    }

    @Test(arguments: [
        ("Sales.Dept@Example.COM", "sales.dept@example.com"), ("sales.dept@example.com", "sales.dept@example.com"),
        ("Sales <sales.dept@example.com>", "sales.dept@example.com"), ("mailto:SALES.DEPT@EXAMPLE.COM", "sales.dept@example.com"),
        ("lin.shop+taobao@gmail.com", "linshop@gmail.com"), ("LinShop@googlemail.com", "linshop@gmail.com"),
        ("lin+shop@outlook.com", "lin@outlook.com"), ("sales＠example。com", "sales@example.com"),
    ])
    func emailsFold(written: String, expected: String) {
        #expect(EmailAddress.fold(written).key == expected, "\(written)")
    }

    /// Dots and plus signs are folded only where the provider says they do not matter.
    @Test func emailsAreNotOverFolded() {
        #expect(EmailAddress.fold("lin.shop@qq.com").key == "lin.shop@qq.com")
        #expect(EmailAddress.fold("lin.shop@qq.com").key != EmailAddress.fold("linshop@qq.com").key)
        #expect(EmailAddress.fold("a+b@163.com").key == "a+b@163.com")
        #expect(EmailAddress.fold("lin.shop@outlook.com").key != EmailAddress.fold("linshop@outlook.com").key)
    }

    @Test(arguments: [
        ("113.88.12.7", "113.88.12.7", true), ("113.088.012.007", "113.88.12.7", true), ("113.88.12.7:443", "113.88.12.7", true),
        ("2408:8456:0000:0000:0000:0000:0000:0001", "2408:8456::1", true), ("2408:8456::1", "2408:8456::1", true),
        ("[2408:8456::1]:443", "2408:8456::1", true), ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1", true),
        ("::ffff:113.88.12.7", "113.88.12.7", true), ("192.168.1.1", "192.168.1.1", false), ("10.0.0.8", "10.0.0.8", false),
        ("100.64.3.1", "100.64.3.1", false), ("fe80::1%eth0", "fe80::1", false),
    ])
    func ipAddressesFold(written: String, expected: String, linkable: Bool) {
        let folded = IPAddress.fold(written)
        #expect(folded.key == expected, "\(written)")
        #expect(folded.isLinkable == linkable, "\(written)")
    }

    @Test func messagingIdsFold() {
        #expect(MessagingId.foldWeChat("wxid_ab12cd34").key == "wxid_ab12cd34")
        #expect(MessagingId.foldWeChat("WeChat: Lin_Shop88").key == "lin_shop88")
        #expect(MessagingId.foldWeChat("微信号：lin_shop88").key == "lin_shop88")
        #expect(MessagingId.foldWeChat("VX lin_shop88").key == "lin_shop88")
        #expect(MessagingId.foldWeChat("138 0013 8000").key == "+8613800138000")
        #expect(MessagingId.foldQQ("QQ: 88881234").key == "88881234")
        #expect(MessagingId.foldQQ("88881234@qq.com").key == "88881234")
        #expect(MessagingId.foldQQ("012345").key.hasPrefix("text:"), "a QQ number never starts with 0")
    }

    @Test func devicesDocumentsAndWebsitesFold() {
        #expect(DeviceId.fold("35-209900-176148-1").key == DeviceId.fold("352099001761481").key)
        #expect(DeviceId.fold("352099001761481").reason == "IMEI, check digit valid")
        #expect(IdDocument.fold("11010519491231002x").reason == "Chinese resident ID, check digit valid")
        #expect(IdDocument.fold("9144 0300-MA5F XXXX 1A").key == "91440300MA5FXXXX1A")
        #expect(Website.fold("HTTPS://www.Example-Shop.cn/contact/").key == "example-shop.cn/contact")
        #expect(Website.fold("example-shop.cn/contact?utm=1").key == "example-shop.cn/contact")
    }

    @Test func emptyValuesDoNotFold() {
        #expect(FoldedIdentifier.fold("   ", kind: .phone) == nil)
        #expect(FoldedIdentifier.fold("\u{3000}", kind: .email) == nil)
    }

    /// Rows of one kind with one key are one identifier, the first row its representative;
    /// the same digits as a phone and as a QQ number are two.
    @Test func resolutionGroupsByKindAndKey() {
        let resolution = IdentifierResolution(kinds: [.phone, .phone, .qq, .phone, .email, .email],
                                              values: ["+86 138-0013-8000", "88881234", "88881234", "13800138000", "A@b.cn", "a@B.CN"])
        #expect(resolution.representative == [0, 1, 2, 0, 4, 4])
        #expect(resolution.merges.map { [$0.first, $0.second] } == [[0, 3], [4, 5]])
        #expect(resolution.merges[0].summary == "both are phone +8613800138000")
        #expect(resolution.merges[0].secondReason == "Chinese mobile without country code")
        #expect(resolution.groupCount == 4)
    }

    /// Folding on two threads (blocks of 4,096 rows) groups exactly as on one: 10,000 rows whose
    /// spellings of one identifier sit in different blocks, the first spelling the representative.
    @Test func resolutionIsTheSameOnTwoThreads() {
        var kinds: [IdentifierKind] = [], values: [String] = []
        for row in 0 ..< 10_000 {
            let line = 13_800_000_000 + (row * 7_919) % 3_000
            switch row % 4 {
            case 0: kinds.append(.phone); values.append(String(line))
            case 1: kinds.append(.phone); values.append("+86-\(line)")
            case 2: kinds.append(.email); values.append("Shop\(row % 1_500)@QQ.com")
            default: kinds.append(.wechat); values.append("WeChat: shop_\(row % 2_000)")
            }
        }
        let one = IdentifierResolution(kinds: kinds, values: values, threads: 1)
        let two = IdentifierResolution(kinds: kinds, values: values, threads: 2)
        #expect(one.representative == two.representative)
        #expect(one.folded.map { $0?.key } == two.folded.map { $0?.key })
        #expect(one.merges.map { [$0.first, $0.second] } == two.merges.map { [$0.first, $0.second] })
        #expect(one.merges.map(\.secondReason) == two.merges.map(\.secondReason))
        #expect(one.merges.contains { $0.first / 4_096 != $0.second / 4_096 }, "spellings in different blocks were grouped")
        #expect(one.groupCount == 2_375, "1,500 lines, 375 e-mail boxes, 500 WeChat ids")
        // What a run keeps (no folded values, no merges) groups exactly as the explained form.
        let lean = IdentifierResolution(kinds: kinds, values: values, threads: 2, explaining: false)
        #expect(lean.representative == one.representative)
        #expect(lean.linkable == one.folded.map { $0?.isLinkable ?? false })
        #expect(lean.merges.isEmpty && lean.folded.isEmpty)
    }
}

/// Readings from images join the identifiers of the dataset: by folded value, or one OCR slip away.
@Suite struct ImageReadingLinkTests {
    static func network() throws -> SellerNetwork {
        try DatasetFixture([
            "sellers.csv": "seller_id\nS1\nS2\n",
            "storefronts.csv": "storefront_id,seller_id\nF1,S1\nF2,S2\n",
            "identifiers.csv": "identifier_id,kind,value\nI1,wechat,wxid_5kiircn886ssed\nI2,phone,13800138000\nI3,wechat,lin_shop88\nI4,wechat,lin_shop89\n",
            "links.csv": "source_id,target_id,relation\nF1,I1,uses\nF1,I2,uses\n",
            "images.csv": "image_id,file,kind,storefront_id,observed_on\nM1,m1.png,listing_image,F2,2024-05-01\n",
        ]).load().network
    }

    static func reading(_ value: String) -> ImageReading {
        ImageReading(image: 0, box: ImageBox(x: 1, y: 2, width: 3, height: 4), confidence: 0.9, text: "微信: " + value, value: value)
    }

    @Test func aReadingJoinsTheKnownIdentifierWithTheSameFoldedValue() throws {
        let network = try Self.network().addingReadings([ImageLink(kind: .phone, reading: Self.reading("+86 138-0013-8000"))])
        let uses = network.links(.uses)
        #expect(uses.count == 3)
        #expect(network.id(.identifier, uses.targets[2]) == "I2")
        #expect(network.id(.storefront, uses.sources[2]) == "F2")
        #expect(uses.reading(of: 2) == 0 && uses.reading(of: 0) == nil)
        #expect(uses.lines[2] == 2, "the image's line in images.csv")
        #expect(Dates.format(uses.firstSeen[2]) == "2024-05-01")
        #expect(uses.backward[network.table(.identifier).index(of: "I2")!].count == 2)
    }

    @Test func aReadingOneLookAlikeFromAKnownIdIsTakenForIt() throws {
        let network = try Self.network().addingReadings([ImageLink(kind: .wechat, reading: Self.reading("wxid_skiircn886ssed"))])
        let uses = network.links(.uses)
        #expect(network.id(.identifier, uses.targets[2]) == "I1")
        let reading = network.readings[0]
        #expect(reading.note.contains("s read for 5"))
        #expect(abs(reading.confidence - 0.85) < 1e-9)
    }

    /// A sticker's edge read as one more character after a long id.
    @Test func aReadingWithOneExtraCharacterAfterALongKnownIdIsTakenForIt() throws {
        let network = try Self.network().addingReadings([ImageLink(kind: .wechat, reading: Self.reading("wxid_5kiircn886ssedl")),
                                                         ImageLink(kind: .wechat, reading: Self.reading("lin_shop889"))])
        let ids = network.links(.uses).targets.suffix(2).map { network.id(.identifier, $0) }
        // lin_shop88 has 10 characters: too short to take an extra one for a slip.
        #expect(ids == ["I1", "img-wechat-lin_shop889"])
        #expect(network.readings[0].note.contains("an extra l read"))
    }

    /// lin_shop87 is one character from both lin_shop88 and lin_shop89: no guess, a new identifier.
    @Test func anAmbiguousOrUnknownReadingBecomesANewIdentifier() throws {
        let network = try Self.network().addingReadings([ImageLink(kind: .wechat, reading: Self.reading("lin_shop87")),
                                                         ImageLink(kind: .wechat, reading: Self.reading("zhao_vip7"))])
        let ids = network.links(.uses).targets.suffix(2).map { network.id(.identifier, $0) }
        #expect(ids == ["img-wechat-lin_shop87", "img-wechat-zhao_vip7"])
        #expect(network.table(.identifier).attribute("read_from", of: network.table(.identifier).index(of: "img-wechat-zhao_vip7")!) == "m1.png")
        #expect(network.readings.allSatisfy { $0.note.isEmpty })
    }

    /// A reading with one character OCR could not make out links only to the one known id that
    /// fits it there (`wxid_5kiircn886s?ed`); one that fits two (`lin_shop8?`) or none adds nothing.
    @Test func aReadingWithAnErasureLinksOnlyToTheOneKnownIdThatFitsIt() throws {
        let network = try Self.network().addingReadings([
            ImageLink(kind: .wechat, reading: Self.reading("wxid_5kiircn886s?ed"), onlyIfKnown: true),
            ImageLink(kind: .wechat, reading: Self.reading("lin_shop8?"), onlyIfKnown: true),
            ImageLink(kind: .wechat, reading: Self.reading("zhao_v?p7"), onlyIfKnown: true),
        ])
        let uses = network.links(.uses)
        #expect(uses.count == 3)
        #expect(network.id(.identifier, uses.targets[2]) == "I1" && network.id(.storefront, uses.sources[2]) == "F2")
        #expect(uses.reading(of: 2) == 0 && network.readings.count == 1)
        #expect(network.readings[0].note.contains("an unreadable sign read for s"))
        #expect(network.table(.identifier).count == 4)
    }
}

/// The label and extension rules kept their meaning when they were made cheaper (issue 22: the
/// label sort and Foundation's case-insensitive search were 23 % of a 200k-seller `analyze`).
@Suite struct IdentifierFoldingSpeedTests {
    /// The rule as first written: labels longest first, the first that ends where a word does.
    static func referenceDroppingLabel(_ text: String, labels: [String]) -> String {
        let lowered = text.lowercased()
        for label in labels.sorted(by: { $0.count > $1.count }) where lowered.hasPrefix(label) {
            var rest = Substring(text.dropFirst(label.count))
            if let last = label.last, last.isASCIILetter, let next = rest.first, next.isASCIILetter || next.isASCIIDigit || next == "_" { continue }
            while let first = rest.first, first == " " || first == ":" || first == "-" || first == "." || first == "=" || first == "/" { rest.removeFirst() }
            return String(rest)
        }
        return text
    }

    @Test func droppingLabelAgreesWithTheLongestFirstRule() {
        let labels = ["tel", "tel.", "telephone", "mob", "mobile", "wx", "wxid", "手机", "手机号", "tel/wechat", "id", "号"]
        let texts = ["tel 138", "Tel.138", "telephone: 138", "telecom 138", "mobile138", "mobile: 138", "mob 138", "mobx",
                     "wxid_ab12", "wx lin_88", "WX: lin", "手机号：138", "手机 138", "Tel/WeChat: lin", "id 88", "号88", "", "tel",
                     "TELEPHONE-138", "mob_1", "idx", "tel/ 138"]
        for text in texts {
            #expect(IdentifierText.droppingLabel(text, labels: labels) == Self.referenceDroppingLabel(text, labels: labels), "\(text)")
        }
        #expect(IdentifierText.droppingLabel("mobile138", labels: labels) == "mobile138", "neither mobile nor mob ends where a word does")
        #expect(IdentifierText.droppingLabel("Tel/WeChat: lin", labels: labels) == "lin", "the longest label wins")
    }

    /// Extensions and second numbers (both noted as an extension set aside) are still found in
    /// ASCII text (the scan that skips the search) and in text that is not (the search).
    @Test(arguments: [
        ("138-0013-8000 EXT 12", "+8613800138000", true), ("138-0013-8000 x12", "+8613800138000", true),
        ("138-0013-8000#12", "+8613800138000", true), ("138-0013-8000 / 139-0013-8000", "+8613800138000", true),
        ("138-0013-8000, 139-0013-8000", "+8613800138000", true), ("138-0013-8000;139", "+8613800138000", true),
        ("138-0013-8000 转 12", "+8613800138000", true), ("138-0013-8000 或 139-0013-8000", "+8613800138000", true),
        ("138-0013-8000", "+8613800138000", false), ("+86 (0)755 8888 1234", "+8675588881234", false),
    ])
    func extensionsAreSetAside(written: String, key: String, noted: Bool) {
        let folded = PhoneNumber.fold(written)
        #expect(folded.key == key, "\(written)")
        #expect(folded.reason.contains("extension") == noted, "\(written): \(folded.reason)")
    }

    /// The loader checks values without folding them (the projection folds): what it refuses
    /// must be exactly what folding finds empty, for every kind, ASCII or not.
    @Test func contentIsDecidedAsFoldingDecidesIt() {
        var values = ["", " ", "\t", "\r\n", " \u{1F}\u{7F} ", "0", " x ", "\u{3000}", "\u{3000}\u{3000}",
                      "\u{200B}", "\u{FEFF} ", " \u{A0}", "\u{2003}a", "\u{FF11}", " 微信 ", "\u{0085}", "\u{2028}",
                      "e\u{301}", " \u{301}", "\u{1F}a\u{1F}", "\u{7F}"]
        // Every pair of a few awkward characters, to reach mixtures the list above misses.
        let parts = [" ", "\t", "\u{0}", "\u{3000}", "\u{200D}", "\u{301}", "\u{A0}", "-", "１", "é", "\u{85}", "\u{2029}"]
        for first in parts { for second in parts { values.append(first + second) } }
        for value in values {
            let folds = IdentifierKind.allCases.map { FoldedIdentifier.fold(value, kind: $0) != nil }
            #expect(Set(folds).count == 1, "\(value.unicodeScalars.map { $0.value })")
            #expect(FoldedIdentifier.hasContent(value) == folds[0], "\(value.unicodeScalars.map { $0.value })")
        }
    }
}
