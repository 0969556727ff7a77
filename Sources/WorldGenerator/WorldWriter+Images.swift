import Foundation
import Parallel
import Rendering
import SellerGraph

/// The images of a generated world, drawn through Rendering's ``RasterPicture`` (pango and
/// cairo), and what each says for the answer key.
///
/// Parcel labels are photos of a white label on cardboard: sender, return address, the
/// storefront's phone, the marketplace's customer-service number, a tracking number and a
/// barcode, in Chinese or English. Listing images are product photos: a coloured background,
/// the product drawn as shapes, a title and a price, stickers of clutter, and the contact a
/// counterfeiter hides there (`加微信: lin_shop88`, `V: …`, `☎ 138 0013 8000`) in a corner, small,
/// sometimes on a coloured strip. Every photo is turned a few degrees, most are blurred, all
/// carry sensor noise: seeded, so the same world gives the same bytes.
extension WorldWriter {
    /// What one image shows: the picture and the identifiers printed on it, as printed.
    struct ImageContent {
        var picture: RasterPicture
        /// Every text line drawn, in order.
        var lines: [String]
        /// The identifier lines (physical identifiers) printed, with the text printed for each.
        var printed: [(line: Int32, text: String)]
    }

    func imageFile(_ image: Int) -> String { "images/" + ids.image(image) + ".png" }

    /// Writes images.csv and every image file into `images/` beside it (on all cores).
    func writeImages(to url: URL) throws -> Int {
        let folder = url.deletingLastPathComponent().appendingPathComponent("images")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let count = world.imageStorefront.count
        try concurrentMap(count, threads: ProcessInfo.processInfo.activeProcessorCount) { image throws(any Error) -> Void in
            let (png, _) = try RasterRenderer.render(imageContent(image).picture)
            try Data(png).write(to: folder.appendingPathComponent(ids.image(image) + ".png"))
        }
        var sink = try CSVFileSink(url: url)
        sink.row(["image_id", "file", "kind", "storefront_id", "observed_on", "reference"])
        for image in order(count, .images) {
            let storefront = Int(world.imageStorefront[image])
            let kind = ImageKind.allCases[Int(world.imageKind[image])]
            var random = SplitMix64(seed: seed, stream: 84, index: UInt64(image))
            let opened = world.storefrontOpenedOn[storefront]
            let day = opened + Int32(random.below(max(1, Int(WorldCalendar.end - opened))))
            sink.row([ids.image(image), imageFile(image), kind.rawValue, ids.storefront(storefront), dates[Int(day)],
                      (kind == .parcelLabel ? "TP-PHOTO-" : "LST-IMG-") + String(ids.reference(image).prefix(6)).uppercased()])
        }
        try sink.close()
        return sink.rows - 1
    }

    /// The content of one image (its text and layout depend only on the seed and its index).
    func imageContent(_ image: Int) -> ImageContent {
        var random = SplitMix64(seed: seed, stream: 83, index: UInt64(image))
        let kind = ImageKind.allCases[Int(world.imageKind[image])]
        let storefront = Int(world.imageStorefront[image])
        let seller = Int(world.storefrontSeller[storefront])
        let chinese = G.cities[Int(world.sellerCity[seller])].isChinese && random.chance(0.7)
        var content = kind == .parcelLabel ? parcelLabel(image, seller: seller, chinese: chinese, random: &random)
                                           : listingImage(image, storefront: storefront, chinese: chinese, random: &random)
        content.picture.rotation = (random.unit() * 2 - 1) * (kind == .parcelLabel ? 5 : 3.5)
        content.picture.blurPasses = random.chance(0.25) ? 0 : (random.chance(0.7) ? 1 : 2)
        content.picture.noise = 3 + random.unit() * 11
        content.picture.seed = random.next()
        return content
    }

    /// A phone as printed on a label or a photo (never with a label of its own).
    private func printedPhone(_ line: Int32, random: inout SplitMix64) -> String {
        let value = lineValue(Int(line))
        return spelled(value, kind: .phone, style: [0, 1, 2, 6, 1][random.below(5)])
    }

    private func parcelLabel(_ image: Int, seller: Int, chinese: Bool, random: inout SplitMix64) -> ImageContent {
        var picture = RasterPicture(width: 960, height: 640, background: .init(0.62 + random.unit() * 0.1, 0.48 + random.unit() * 0.08, 0.32))
        // Cardboard fibres and tape.
        for _ in 0 ..< 14 {
            let y = random.unit() * 640
            picture.shapes.append(.line(x1: 0, y1: y, x2: 960, y2: y + random.unit() * 40 - 20, colour: .init(0.55, 0.42, 0.28), width: 1 + random.unit() * 2))
        }
        picture.shapes.append(.rectangle(x: 40, y: 30, width: 880, height: 580, fill: .init(0.98, 0.98, 0.96), stroke: .init(0.2, 0.2, 0.2), lineWidth: 2))
        var lines: [String] = []
        var printed: [(Int32, String)] = []
        var y = 60.0
        func add(_ text: String, size: Double, bold: Bool = false) {
            picture.shapes.append(.text(.init(text, x: 70, y: y, size: size, bold: bold, family: chinese ? "Noto Sans CJK SC" : "DejaVu Sans")))
            lines.append(text)
            y += size * 1.75
        }
        let tracking = "SF" + String(1_000_000_000_000 + Int(random.next() % 8_999_999_999_999))
        add(chinese ? "顺丰速运  运单号 \(tracking)" : "EXPRESS  Waybill \(tracking)", size: 24, bold: true)
        add((chinese ? "寄件人: " : "Sender: ") + sellerName(seller), size: 26)
        let address = Int(world.imageAddress[image])
        if address >= 0 { add((chinese ? "退货地址: " : "Return to: ") + addressText(address), size: address >= 0 && addressText(address).count > 34 ? 21 : 25) }
        let phones = world.imageLines[image].filter { world.lineKind[Int($0)] == UInt8(IdentifierKind.phone.index) }
        for line in phones {
            let text = printedPhone(line, random: &random)
            let hub = world.lineRole[Int(line)] == IdentifierRole.hub.rawValue
            add(hub ? (chinese ? "客服热线: " : "Customer service: ") + text : (chinese ? "电话: " : "Tel: ") + text, size: hub ? 22 : 27)
            printed.append((line, text))
        }
        // A barcode.
        var x = 70.0
        while x < 600 {
            let width = 1 + Double(random.below(4))
            picture.shapes.append(.rectangle(x: x, y: y + 10, width: width, height: 60, fill: .black, stroke: nil, lineWidth: 0))
            x += width + 1 + Double(random.below(4))
        }
        return ImageContent(picture: picture, lines: lines, printed: printed)
    }

    private func listingImage(_ image: Int, storefront: Int, chinese: Bool, random: inout SplitMix64) -> ImageContent {
        let background = RasterPicture.Colour(0.75 + random.unit() * 0.25, 0.7 + random.unit() * 0.3, 0.7 + random.unit() * 0.3)
        var picture = RasterPicture(width: 800, height: 800, background: background)
        var lines: [String] = []
        var printed: [(Int32, String)] = []
        let family = chinese ? "Noto Sans CJK SC" : "DejaVu Sans"
        // The product: a bag or a shoe, drawn as shapes, and clutter around it.
        let product = RasterPicture.Colour(random.unit() * 0.5, random.unit() * 0.4, random.unit() * 0.4)
        picture.shapes.append(.ellipse(x: 180, y: 220, width: 440, height: 330, fill: product))
        picture.shapes.append(.rectangle(x: 300, y: 160, width: 200, height: 80, fill: nil, stroke: product, lineWidth: 14))
        for _ in 0 ..< 6 {
            let colour = RasterPicture.Colour(random.unit(), random.unit(), random.unit())
            picture.shapes.append(.ellipse(x: random.unit() * 700, y: random.unit() * 700, width: 20 + random.unit() * 80, height: 20 + random.unit() * 80, fill: colour))
        }
        let brand = G.brands[random.below(G.brands.count)]
        let title = chinese ? "\(brand.name) 专柜同款 \(random.pick(["正品", "新款", "热卖", "特价"]))" : "\(brand.name) \(random.pick(brand.products).name)"
        picture.shapes.append(.text(.init(title, x: 40, y: 40, size: 38, bold: true, colour: .init(0.1, 0.1, 0.1), family: family)))
        lines.append(title)
        let price = (chinese ? "¥" : "$") + String(random.between(59, 899))
        picture.shapes.append(.text(.init(price, x: 560, y: 620, size: 56, bold: true, colour: .init(0.8, 0.05, 0.05), family: "DejaVu Sans")))
        lines.append(price)
        let sticker = chinese ? random.pick(["正品保证", "包邮", "七天无理由退换", "限时特惠"]) : random.pick(["FREE SHIPPING", "100% ORIGINAL", "HOT SALE"])
        picture.shapes.append(.text(.init(sticker, x: 60, y: 580, size: 30, colour: .init(0.9, 0.9, 0.9), family: family, angle: -8)))
        lines.append(sticker)
        // The contact, small, in a corner, sometimes on a strip.
        var y = 680.0
        for line in world.imageLines[image] {
            let kind = IdentifierKind.allCases[Int(world.lineKind[Int(line)])]
            let value: String
            let text: String
            switch kind {
            case .wechat:
                value = lineValue(Int(line))
                let label = chinese ? random.pick(["加微信: ", "微信: ", "V: ", "微信号: "]) : random.pick(["WeChat: ", "WeChat ID: ", "VX: "])
                text = label + value
            default:
                value = printedPhone(line, random: &random)
                text = (chinese ? random.pick(["电话: ", "手机: ", "☎ "]) : random.pick(["Tel: ", "Call ", "☎ "])) + value
            }
            let size = 24 + random.unit() * 10
            let onStrip = random.chance(0.4)
            picture.shapes.append(.text(.init(text, x: 36, y: y, size: size, colour: onStrip ? .white : .init(0.05, 0.05, 0.05),
                                              family: family, angle: random.chance(0.3) ? random.unit() * 6 - 3 : 0,
                                              background: onStrip ? .init(0.1 + random.unit() * 0.3, 0.1, 0.1 + random.unit() * 0.2) : nil)))
            lines.append(text)
            printed.append((line, value))
            y -= size * 1.9
        }
        return ImageContent(picture: picture, lines: lines, printed: printed)
    }
}
