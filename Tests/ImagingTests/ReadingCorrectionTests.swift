import Testing
@testable import SellerGraph

/// Readings taken for the known identifier they miss (ReadingCorrection), and readings that must
/// stay as read.
@Suite struct ReadingCorrectionTests {
    /// Keys as SellerNetwork+Readings makes them: kind, U+001F, folded value.
    static func key(_ kind: String, _ value: String) -> String { kind + "\u{1F}" + value }

    static let known = [
        key("wechat", "wxid_454g3ccaixbxtu"), key("wechat", "wxid_jvvteuf7w8a2pf"), key("wechat", "liu-hao272"),
        key("wechat", "zhangwei19880101"), key("wechat", "zhangwei19880107"), key("phone", "+8613800138000"),
        key("email", "shop.service.2024@163.com"),
    ]
    let correction = ReadingCorrection(keys: known)

    func corrected(_ kind: String, _ value: String) -> String? {
        correction.correction(of: Self.key(kind, value)).map { Self.known[Int($0.identifier)] }
    }

    /// What the two-edit rule is for: a long generated id with two characters misread
    /// (`9` for `g`, `y` for `u`), one misread and one added, one misread and one lost.
    @Test func aLongIdTwoEditsOffIsTakenForTheOneKnownId() {
        #expect(corrected("wechat", "wxid_45493ccaixbxty") == Self.key("wechat", "wxid_454g3ccaixbxtu"))
        #expect(corrected("wechat", "wxid_jwvteuf7w8a2pfx") == Self.key("wechat", "wxid_jvvteuf7w8a2pf"))
        #expect(corrected("wechat", "wxid_jvvteuf7w8a2p") == Self.key("wechat", "wxid_jvvteuf7w8a2pf"))
        #expect(corrected("wechat", "wxid_jvteuf7w8a2pt") == Self.key("wechat", "wxid_jvvteuf7w8a2pf"))
        #expect(corrected("email", "shop.servlce.2o24@163.com") == Self.key("email", "shop.service.2024@163.com"))
        #expect(correction.correction(of: Self.key("wechat", "wxid_45493ccaixbxty"))?.change == "two characters misread, added or lost")
    }

    /// What it must not do: take a short id (two edits turn one name+digits id into another),
    /// a phone (11-digit numbers are dense: two digits off is another subscriber), anything
    /// three edits off, or a reading two edits from two known ids (people choose ids alike).
    @Test func shortValuesPhonesAndAmbiguousReadingsStayAsRead() {
        #expect(corrected("wechat", "tu-hao272") == nil)
        #expect(corrected("phone", "+8613800138011") == nil)
        #expect(corrected("wechat", "wxid_45493ccaixbxyy") == nil)
        #expect(corrected("wechat", "zhangwei19880144") == nil)
        #expect(corrected("wechat", "zhangwei19880104") == nil)
        #expect(corrected("wechat", "wxid_454g3ccaixbxtu") == nil)  // known itself: no correction to make
        // Kinds are not crossed: an e-mail two edits from a WeChat id is not that id.
        #expect(corrected("email", "wxid_45493ccaixbxty") == nil)
        // One character off still follows the one-character rules.
        #expect(corrected("wechat", "liu-hao27z") == Self.key("wechat", "liu-hao272"))
        #expect(corrected("wechat", "liu-hao27x") == nil)
    }

    @Test func editDistanceWithinABand() {
        func distance(_ a: String, _ b: String, _ limit: Int = 2) -> Int? { ReadingCorrection.editDistance(Array(a), Array(b), atMost: limit) }
        #expect(distance("kitten", "sitting") == nil)
        #expect(distance("kitten", "sitting", 3) == 3)
        #expect(distance("abcdef", "abcdef") == 0)
        #expect(distance("abcdef", "abdef") == 1)
        #expect(distance("abcdef", "abxdeg") == 2)
        #expect(distance("", "ab") == 2)
        #expect(distance("", "abc") == nil)
        #expect(distance("abcdefgh", "bcdefghi") == 2)
    }

    /// A reading with one character OCR could not make out (`guopin2?7`, from `guopin2>7`) is the
    /// one known id equal to it but there; two such ids, another length, or a reading with two
    /// erasures mean no correction.
    @Test func aReadingWithOneErasedCharacterIsTheOneKnownIdThatFitsIt() {
        let keys = [Self.key("wechat", "guopin257"), Self.key("wechat", "chen-shop116"), Self.key("wechat", "chen-shop117"),
                    Self.key("wechat", "liu-hao272")]
        let correction = ReadingCorrection(keys: keys)
        func erased(_ value: String) -> String? {
            correction.erasure(of: Self.key("wechat", value), erased: "?").map { keys[Int($0.identifier)] }
        }
        #expect(erased("guopin2?7") == keys[0])
        #expect(erased("?uopin257") == keys[0])
        #expect(correction.erasure(of: Self.key("wechat", "guopin2?7"), erased: "?")?.change == "an unreadable sign read for 5")
        #expect(erased("chen-shop11?") == nil)  // 116 or 117
        #expect(erased("guopin2?77") == nil)
        #expect(erased("gu?pin2?7") == nil)
        #expect(erased("liu-hao2?3") == nil)
    }
}
