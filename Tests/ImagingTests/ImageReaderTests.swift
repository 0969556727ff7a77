import Foundation
import Synchronization
import Testing
import TestFixtures
@testable import Imaging
import Rendering
@testable import SellerGraph

/// Reading real pixels with tesseract: a small drawn label, the cache, the limits.
@Suite(.serialized) final class ImageReaderTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "ringscope-imaging-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A 700 × 220 label: a phone and a WeChat id, turned 2°, lightly noised.
    func label() throws -> String {
        var picture = RasterPicture(width: 700, height: 220, background: .init(0.97, 0.96, 0.92))
        picture.shapes.append(.text(.init("电话: 138-0013-8000", x: 30, y: 30, size: 34)))
        picture.shapes.append(.text(.init("微信: wxid_ab12cd34", x: 30, y: 120, size: 34)))
        picture.rotation = 2
        picture.noise = 6
        let path = folder + "/label.png"
        try Data(RasterRenderer.render(picture).png).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func readsAPhoneAndAWeChatIdWithBoxesOnTheOriginal() throws {
        let text = try ImageReader(options: {
            var options = ImageReader.Options()
            options.cache = nil
            return options
        }()).read(file: try label(), kind: .parcelLabel)
        let found = TextExtractor.extract(from: text)
        let phone = try #require(found.first { $0.kind == .identifier(.phone) })
        #expect(FoldedIdentifier.fold(phone.value, kind: .phone)?.key == "+8613800138000")
        // The WeChat id as printed, or one look-alike character off it (tesseract reads the 1 of
        // "ab12" as an l on this font), which the dataset's known ids correct (ReadingCorrection).
        let wechat = try #require(found.first { $0.kind == .identifier(.wechat) })
        let known = ReadingCorrection(keys: ["wxid_ab12cd34"])
        #expect(wechat.value == "wxid_ab12cd34" || known.correction(of: wechat.value)?.identifier == 0)
        // The phone is on the upper half of the 700 × 220 picture, right of the label.
        #expect(phone.box.y < 110 && phone.box.x > 60 && phone.box.x + phone.box.width <= 700)
        #expect(phone.confidence > 0.5)
    }

    /// A listing photo: a dark product in the middle and the contact on a dark sticker in light
    /// text, turned 3°, blurred and noised, as counterfeit listings hide a WeChat id.
    func listingWithSticker() throws -> String {
        var picture = RasterPicture(width: 800, height: 800, background: .init(0.85, 0.84, 0.95))
        picture.shapes.append(.text(.init("Chanel 专柜同款 新款", x: 30, y: 60, size: 34, bold: true)))
        picture.shapes.append(.ellipse(x: 180, y: 220, width: 440, height: 330, fill: .init(0.16, 0.26, 0.24)))
        picture.shapes.append(.text(.init("微信号: wxid_qk38tz9am2", x: 50, y: 690, size: 26, colour: .init(0.95, 0.95, 0.95),
                                          background: .init(0.30, 0.10, 0.16))))
        picture.rotation = 3
        picture.blurPasses = 1
        picture.noise = 8
        let path = folder + "/listing.png"
        try Data(RasterRenderer.render(picture).png).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The sticker is cut out and read on its own (PanelReading), and the id's box lies on the
    /// sticker, in the photo's own pixels.
    @Test func aStickerWithLightTextIsReadAlone() throws {
        var options = ImageReader.Options()
        options.cache = nil
        let text = try ImageReader(options: options).read(file: try listingWithSticker(), kind: .listingImage)
        #expect(text.method.contains("panel read alone"))
        let wechat = try #require(TextExtractor.extract(from: text).first { $0.kind == .identifier(.wechat) })
        let known = ReadingCorrection(keys: ["wxid_qk38tz9am2"])
        #expect(wechat.value == "wxid_qk38tz9am2" || known.correction(of: wechat.value)?.identifier == 0)
        #expect(wechat.box.y > 640 && wechat.box.y + wechat.box.height < 760 && wechat.box.x < 400)
    }

    /// A shop sign photographed by hand, turned `degrees`: light lettering on a dark board that
    /// fills the photo, two phone numbers on it.
    func sign(turned degrees: Double) throws -> String {
        let (board, ink) = (RasterPicture.Colour(0.12, 0.12, 0.16), RasterPicture.Colour(0.92, 0.92, 0.90))
        var picture = RasterPicture(width: 640, height: 400, background: board)
        picture.shapes.append(.text(.init("轻运动健身会所 FITNESS", x: 60, y: 30, size: 34, bold: true, colour: ink)))
        picture.shapes.append(.text(.init("24H 专业健身 本座3F", x: 70, y: 95, size: 30, colour: ink)))
        picture.shapes.append(.text(.init("027-88852022", x: 110, y: 160, size: 46, colour: ink)))
        picture.shapes.append(.text(.init("027-88859022", x: 110, y: 240, size: 46, colour: ink)))
        picture.shapes.append(.text(.init("武汉市洪山区珞喻路 1037 号 2 楼", x: 60, y: 330, size: 28, colour: ink)))
        picture.rotation = degrees
        picture.blurPasses = 1
        picture.noise = 6
        let path = folder + "/sign-\(degrees).png"
        try Data(RasterRenderer.render(picture).png).write(to: URL(fileURLWithPath: path))
        return path
    }

    func phones(_ path: String) throws -> Set<String> {
        var options = ImageReader.Options()
        options.cache = nil
        let text = try ImageReader(options: options).read(file: path, kind: .listingImage)
        return Set(TextExtractor.extract(from: text).filter { $0.kind == .identifier(.phone) }.compactMap { FoldedIdentifier.fold($0.value, kind: .phone)?.key })
    }

    /// The real street sign of the OCR benchmark (Benchmarks/ocr/real, Apache-2.0): white
    /// digits on a dark board filling a phone photo turned about 14°. Deskewed before its board
    /// is inverted, with the corners the turn brings in kept white (Preprocessing v12), its
    /// second number reads exactly; until v10 (skew searched within ±12°, after the inversion)
    /// nothing was extracted.
    @Test func theRealStreetSignIsDeskewedBeforeItsBoardIsInverted() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        var options = ImageReader.Options()
        options.cache = nil
        let text = try ImageReader(options: options).read(file: root + "/Benchmarks/ocr/real/rapidocr-return_word_debug.jpg", kind: .listingImage)
        let deskewed = try #require(text.method.range(of: "deskewed 1"))
        let inverted = try #require(text.method.range(of: "dark panels inverted"))
        #expect(deskewed.lowerBound < inverted.lowerBound)
        let phones = TextExtractor.extract(from: text).filter { $0.kind == .identifier(.phone) }.compactMap { FoldedIdentifier.fold($0.value, kind: .phone)?.key }
        #expect(phones.contains("+862788859022"))
    }

    /// `ringscope ocr --save-prepared`: each image tesseract is given is shown, the page and each
    /// panel read alone, as PNG.
    @Test func thePreparedImagesAreShown() throws {
        let shown = Mutex<[String]>([])
        var options = ImageReader.Options()
        options.cache = nil
        options.showsPrepared = { name, png in
            #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            shown.withLock { $0.append(name) }
        }
        _ = try ImageReader(options: options).read(file: try listingWithSticker(), kind: .listingImage)
        let names = shown.withLock { $0 }
        #expect(names.first == "page sparse" && names.contains { $0.hasPrefix("sparse panel ") }, "\(names)")
    }

    /// What the change must not break: a level sign, light on dark, reads both numbers; a listing
    /// photo whose only dark panel is a small sticker is deskewed after flattening, as until v10.
    @Test func aLevelDarkSignStillReads() throws {
        #expect(try phones(sign(turned: 0)) == ["+862788852022", "+862788859022"])
        var options = ImageReader.Options()
        options.cache = nil
        var picture = RasterPicture(width: 800, height: 800, background: .init(0.85, 0.84, 0.95))
        picture.shapes.append(.text(.init("Chanel 专柜同款 新款", x: 30, y: 60, size: 34, bold: true)))
        picture.shapes.append(.text(.init("微信号: wxid_qk38tz9am2", x: 50, y: 690, size: 26, colour: .init(0.95, 0.95, 0.95),
                                          background: .init(0.30, 0.10, 0.16))))
        picture.rotation = 3
        let path = folder + "/sticker-only.png"
        try Data(RasterRenderer.render(picture).png).write(to: URL(fileURLWithPath: path))
        let text = try ImageReader(options: options).read(file: path, kind: .listingImage)
        #expect(text.method.contains("dark panels inverted") && !text.method.contains("a dark board"))
    }

    /// A dark product on a light background is not a board (Preprocessing v13): a black bag
    /// covering a quarter of a listing photo leaves it to be deskewed after flattening, as any
    /// photo with light background; v12 took anything over 15 % dark for a board and turned the
    /// grey photo by the product's edges first. A sign whose board fills the photo still is one.
    @Test func aDarkProductIsNotABoard() throws {
        var picture = RasterPicture(width: 800, height: 800, background: .init(0.86, 0.83, 0.84))
        picture.shapes.append(.text(.init("Prada Galleria Saffiano Bag", x: 40, y: 40, size: 36, bold: true)))
        picture.shapes.append(.ellipse(x: 140, y: 180, width: 520, height: 400, fill: .init(0.10, 0.20, 0.33)))
        picture.shapes.append(.text(.init("Tel: 13753749974", x: 36, y: 680, size: 27, colour: .init(0.95, 0.95, 0.95),
                                          background: .init(0.32, 0.10, 0.22))))
        picture.rotation = 2
        picture.noise = 6
        let product = try PixImage.decode(RasterRenderer.render(picture).png)
        let method = try Preprocessing().prepare(product, minimumScale: 2).method
        #expect(method.contains("% dark") && method.contains("dark panels inverted"))
        #expect(!method.contains("a dark board"))
        // The real street sign (Benchmarks/ocr/real): its board is 79 % of the photo.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let sign = try PixImage.decode(Array(try Data(contentsOf: URL(fileURLWithPath: root + "/Benchmarks/ocr/real/rapidocr-return_word_debug.jpg"))))
        let signMethod = try Preprocessing().prepare(sign, minimumScale: 2).method
        #expect(signMethod.contains("a dark board, before inverting"), "\(signMethod)")
    }

    /// A photo with a dark product (not a board) is turned after flattening, by the skew found on
    /// the grey photo before the product is inverted (Preprocessing v16): inverted, its flat dark
    /// becomes speckle that hid the lines. The demo's listing photo IMe098069e (a 20 % dark bag)
    /// at v15 got no confident skew and read `wxid_z7myk2tofyvt37`; turned 1°, it reads its id.
    @Test func aPhotoWithADarkProductIsDeskewedByItsGreySkew() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        var options = ImageReader.Options()
        options.cache = nil
        let text = try ImageReader(options: options).read(file: root + "/datasets/demo/images/IMe098069e.png", kind: .listingImage)
        #expect(text.method.contains("deskewed") && !text.method.contains("a dark board"), "\(text.method)")
        let ids = TextExtractor.extract(from: text).filter { $0.kind == .identifier(.wechat) && $0.isLabelled }.map(\.value)
        #expect(ids.contains("wxid_z7myk2t9fyvt37"), "\(ids)")
    }

    /// A dark strip with dense light lettering is found whole: to its edges, where the panel
    /// ends rather than where the median window ended it, and not cut in pieces through its
    /// characters (Preprocessing v14). The fixture is the bottom-left corner (400 × 110) of a
    /// generated listing photo of the 20,000-seller benchmark world (seed 1, IM69bfeefd): a
    /// blurred, noisy phone strip. Until v13 it came out as two bands, x 110–210 and 230–638
    /// of the ×2 page, 60 pixels high in an 84-pixel strip, and the phone was read as
    /// `158 5575 21e0y` (nothing extracted); since, as one band to the strip's right edge.
    @Test func aDarkStripIsFoundWholeToItsEdges() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/listing-phone-strip.png")
        let page = try PixImage.decode(Array(try Data(contentsOf: fixture))).gray().scaled(by: 2).median()
        let panels = try page.invertingDarkPanels(window: 48, threshold: Preprocessing.panelThreshold).panels
        // On the ×2 page the strip is about x 50–692, y 64–146.
        #expect(panels.count == 1, "\(panels)")
        let strip = try #require(panels.first)
        #expect(strip.x + strip.width >= 680 && strip.y <= 68 && strip.y + strip.height >= 140, "\(strip)")
    }

    /// Pieces of one strip are joined; bands on other rows, far apart, or a small sticker beside
    /// a large dark product (their rectangle mostly not theirs) are not.
    @Test func piecesOfOneStripAreJoined() {
        let left = PixelBox(x: 10, y: 100, width: 40, height: 10), right = PixelBox(x: 56, y: 101, width: 30, height: 9)
        #expect(PixelBox.joiningPiecesOfOneStrip([left, right]) == [PixelBox(x: 10, y: 100, width: 76, height: 10)])
        let below = PixelBox(x: 56, y: 120, width: 30, height: 9), far = PixelBox(x: 120, y: 100, width: 30, height: 10)
        #expect(PixelBox.joiningPiecesOfOneStrip([left, below, far]) == [left, below, far])
        let product = PixelBox(x: 60, y: 40, width: 110, height: 90), sticker = PixelBox(x: 10, y: 100, width: 45, height: 10)
        #expect(PixelBox.joiningPiecesOfOneStrip([sticker, product]) == [sticker, product])
    }

    /// Which dark panels are read alone: wide enough for a line, not the product, not specks.
    @Test func onlyPanelsShapedLikeALineOfTextAreReadAlone() throws {
        let page = try PixImage.decode(RasterRenderer.render(RasterPicture(width: 1600, height: 1600, background: .init(1, 1, 1))).png)
        let reading = PanelReading(image: page, transform: BoxTransform(scale: 2, degrees: 0, width: 1600, height: 1600, originalWidth: 800, originalHeight: 800))
        let strip = PixelBox(x: 100, y: 1350, width: 700, height: 120)
        let product = PixelBox(x: 360, y: 440, width: 880, height: 660)
        let speck = PixelBox(x: 10, y: 10, width: 30, height: 8)
        let square = PixelBox(x: 60, y: 1400, width: 130, height: 125)
        let lower = PixelBox(x: 100, y: 1500, width: 300, height: 40)
        #expect(reading.candidates([lower, product, speck, strip, square]) == [strip, lower])
        #expect(reading.original(strip) == PixelBox(x: 50, y: 675, width: 350, height: 60))
        // Panels still unread when the photo's time is up: the photo times out, never a partial reading.
        let engine = try Tesseract(languages: "eng", timeLimit: 30)
        #expect(throws: ImageError.timedOut(seconds: 30)) {
            try reading.merge([], panels: [strip], engine: engine, deadline: monotonicSeconds() - 1, limit: 30)
        }
    }

    /// A cached reading is the reading: the same words, whether read afresh or from the cache,
    /// and an entry with another key is ignored.
    @Test func theCacheNeverChangesTheResult() throws {
        let path = try label()
        var options = ImageReader.Options()
        options.cache = try OCRCache(directory: folder + "/cache")
        let first = try ImageReader(options: options).read(file: path, kind: .parcelLabel)
        let entries = try FileManager.default.subpathsOfDirectory(atPath: folder + "/cache").filter { $0.hasSuffix(".json") }
        #expect(entries.count == 1)
        let second = try ImageReader(options: options).read(file: path, kind: .parcelLabel)
        options.cache = nil
        let fresh = try ImageReader(options: options).read(file: path, kind: .parcelLabel)
        #expect(first == second)
        #expect(first == fresh)
        // An entry whose key does not match is not used.
        let entry = folder + "/cache/" + entries[0]
        var json = try String(contentsOfFile: entry, encoding: .utf8)
        json = json.replacingOccurrences(of: "\"key\":\"", with: "\"key\":\"x")
        try json.write(toFile: entry, atomically: true, encoding: .utf8)
        options.cache = try OCRCache(directory: folder + "/cache")
        #expect(options.cache?.text(for: "x") == nil)
        #expect(try ImageReader(options: options).read(file: path, kind: .parcelLabel) == fresh)
    }

    @Test func aCacheFolderOthersMayWriteIsRefused() throws {
        let shared = folder + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        chmod(shared, 0o777)
        #expect(throws: CacheError.self) { try OCRCache(directory: shared) }
    }

    @Test func notAnImageIsRefused() throws {
        let path = folder + "/fake.png"
        try Data("this is a text file".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ImageError.notAnImage) { try ImageReader().read(file: path) }
    }

    /// A 20,000 × 20,000 PNG is refused from its header, before a pixel is decoded: the file
    /// here is a valid PNG header with a truncated image, 45 bytes in all.
    @Test func aHugeImageIsRefusedFromItsHeader() throws {
        let path = folder + "/huge.png"
        try Data(PNGHeader.bytes(width: 20_000, height: 20_000)).write(to: URL(fileURLWithPath: path))
        #expect(throws: ImageError.tooLarge(width: 20_000, height: 20_000)) { try ImageReader().read(file: path) }
    }

    @Test func aTruncatedImageIsAnErrorNotACrash() throws {
        let path = folder + "/truncated.png"
        try Data(PNGHeader.bytes(width: 300, height: 200)).write(to: URL(fileURLWithPath: path))
        #expect(throws: ImageError.self) { try ImageReader().read(file: path) }
    }

    /// Recognition stops at its time limit with an error instead of holding the thread.
    @Test func recognitionIsTimeLimited() throws {
        let path = try label()
        var options = ImageReader.Options()
        options.timeLimit = 0.001
        #expect(throws: ImageError.timedOut(seconds: 0.001)) { try ImageReader(options: options).read(file: path) }
    }
}

/// The second reading of listing photos with no identifier (ImageReader, Preprocessing.rereadsListingsWithoutIdentifier).
@Suite struct ListingRereadTests {
    func word(_ text: String, line: Int, x: Int = 10) -> OCRWord {
        OCRWord(text: text, x: x, y: 20 * line, width: 100, height: 16, confidence: 0.9, line: line)
    }

    /// Only labelled identifiers count: an address or a bare token shaped like a WeChat id does not
    /// make a reading "one with an identifier", and one identifier read twice counts once.
    @Test func identifiersAreCountedOnceAndAddressesAndBareTokensNot() {
        let addressOnly = OCRText(width: 400, height: 200, words: [word("深圳市福田区华强北路1002号", line: 0)], method: "")
        #expect(ImageReader.identifierCount(addressOnly) == 0)
        let bareToken = OCRText(width: 400, height: 200, words: [word("pengvip184", line: 0)], method: "")
        #expect(ImageReader.identifierCount(bareToken) == 0)
        let phoneTwice = OCRText(width: 400, height: 200, words: [word("电话:", line: 0), word("13800138000", line: 0, x: 120),
                                                                  word("手机:", line: 1), word("138-0013-8000", line: 1, x: 120)], method: "")
        #expect(ImageReader.identifierCount(phoneTwice) == 1)
        let phoneAndId = OCRText(width: 400, height: 200, words: [word("13800138000", line: 0), word("微信:", line: 1),
                                                                 word("wxid_ab12cd34", line: 1, x: 120)], method: "")
        #expect(ImageReader.identifierCount(phoneAndId) == 2)
    }

    func reader(rereads: Bool) -> ImageReader {
        var options = ImageReader.Options()
        options.cache = nil
        options.threads = 1
        options.preprocessing.rereadsListingsWithoutIdentifier = rereads
        return ImageReader(options: options)
    }

    /// A product photo with no contact on it is read again, but the second reading (no
    /// identifier either) is not kept: the result is the first reading's, word for word.
    @Test func aPhotoWithNoIdentifierKeepsItsFirstReading() throws {
        var picture = RasterPicture(width: 640, height: 480, background: .init(0.93, 0.92, 0.88))
        picture.shapes.append(.text(.init("新款 手提包 真皮 Leather Bag 2026", x: 30, y: 50, size: 30, bold: true)))
        picture.shapes.append(.ellipse(x: 160, y: 160, width: 320, height: 240, fill: .init(0.55, 0.35, 0.20)))
        picture.noise = 6
        let path = NSTemporaryDirectory() + "ringscope-reread-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(RasterRenderer.render(picture).png).write(to: URL(fileURLWithPath: path))
        let with = try reader(rereads: true).read(file: path, kind: .listingImage)
        let without = try reader(rereads: false).read(file: path, kind: .listingImage)
        #expect(ImageReader.identifierCount(with) == 0)
        #expect(with.words == without.words)
        #expect(!with.method.contains("read again as a page"))
    }

    /// A photo whose first (sparse) reading finds its phone keeps that reading.
    @Test func aPhotoWhoseIdentifierIsFoundKeepsItsSparseReading() throws {
        var picture = RasterPicture(width: 640, height: 480, background: .init(0.95, 0.95, 0.95))
        picture.shapes.append(.text(.init("咨询电话: 139 2580 4613", x: 40, y: 360, size: 34)))
        let path = NSTemporaryDirectory() + "ringscope-reread-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(RasterRenderer.render(picture).png).write(to: URL(fileURLWithPath: path))
        let text = try reader(rereads: true).read(file: path, kind: .listingImage)
        #expect(ImageReader.identifierCount(text) == 1)
        #expect(text.method.contains("sparse layout") && !text.method.contains("read again as a page"))
    }
}
