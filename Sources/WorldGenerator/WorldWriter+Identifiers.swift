import SellerGraph

extension WorldGenerator {
    /// Spellings besides the row's usual one that a ring's or a hub's identifier is written in.
    static let identifierSpellings = 3

    static let emailProviders = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "hotmail.com", "foxmail.com", "yahoo.com"]
    static let areaCodes = ["20", "755", "21", "10", "571", "769", "592", "757", "579", "574", "512", "595"]
    /// First octets of public IPv4 blocks allocated to Chinese carriers.
    static let chineseIPv4Blocks: [UInt8] = [14, 27, 36, 58, 59, 60, 61, 101, 106, 111, 112, 113, 114, 115, 116, 117, 119, 120, 121, 122, 123, 124, 125,
                                             171, 175, 180, 182, 183, 218, 219, 220, 221, 222, 223]
}

/// The values of generated identifiers: each physical identifier (a line) has one true value,
/// drawn from a stream keyed by the line, and each row writes it in one of several spellings,
/// as exports do (`+86 138-0013-8000` and `13800138000` in two rows).
extension WorldWriter {
    /// The line's value in its plainest form (E.164 for phones, lower case for e-mails and ids):
    /// what the answer key records.
    func lineValue(_ line: Int) -> String {
        var random = SplitMix64(seed: seed, stream: 81, index: UInt64(line))
        let kind = IdentifierKind.allCases[Int(world.lineKind[line])]
        let role = IdentifierRole(rawValue: world.lineRole[line])!
        switch kind {
        case .phone:
            if role == .hub { return "+86400" + digits(&random, 7, firstNonZero: true) }
            if role == .family {
                let area = random.pick(G.areaCodes)
                return "+86" + area + digits(&random, area.count == 2 ? 8 : 8, firstNonZero: true)
            }
            return "+861" + random.pick(["3", "3", "5", "5", "8", "8", "9", "7"]) + digits(&random, 9, firstNonZero: false)
        case .email:
            // A mailbox address belongs to one account at its provider: two lines (two people)
            // never get the same address, so the number in it is the line's own (a name alone,
            // drawn from a few hundred names, gave unrelated sellers one address: 489 shared
            // values at 20k sellers, which tied honest sellers to rings).
            let provider = role == .shared ? "shopsetup-agency.cn" : random.pick(G.emailProviders)
            if provider == "qq.com" {
                let number = String(line)
                return String(random.between(1, 9)) + String(repeating: "0", count: max(0, 7 - number.count)) + number + "@qq.com"
            }
            let name = random.pick(G.surnames).english.lowercased() + random.pick(["", ".", "_"]) + random.pick(G.givenNames).english.lowercased()
            return name + String(line + 1) + "@" + provider
        case .device:
            if random.chance(0.5) {
                let body = "35" + digits(&random, 12, firstNonZero: false)
                return body + String(luhnDigit(body))
            }
            return (0 ..< 16).map { _ in String(random.below(16), radix: 16) }.joined()
        case .ip:
            if random.chance(0.1) && role != .hub {
                return "2408:" + (0 ..< 3).map { _ in String(random.between(1, 0xFFFF), radix: 16) }.joined(separator: ":") + "::" + String(random.between(1, 0xFF), radix: 16)
            }
            return [Int(random.pick(G.chineseIPv4Blocks)), random.below(256), random.below(256), random.between(1, 254)].map(String.init).joined(separator: ".")
        case .wechat:
            if random.chance(0.4) { return "wxid_" + (0 ..< 14).map { _ in String(random.pick(Array("abcdefghijkmnpqrstuvwxyz23456789"))) }.joined() }
            let stem = random.pick(G.surnames).english.lowercased() + random.pick(["_", "", "-"]) + random.pick(["shop", "bao", "vip", "hao", "888", "lux", "pin"])
            return stem + String(random.between(1, 999))
        case .qq:
            return digits(&random, random.between(6, 10), firstNonZero: true)
        case .idDocument:
            return "91" + digits(&random, 4, firstNonZero: false) + (0 ..< 12).map { _ in String(random.pick(Array("0123456789ABCDEFGHJKLMNPQRTUWXY"))) }.joined()
        case .website:
            return "www." + random.pick(G.companyStems).english.lowercased() + "-shop.cn"
        }
    }

    /// The value as one row writes it: the line's value in the row's spelling.
    func identifierValue(_ row: Int) -> String {
        let line = Int(world.identifierLine[row])
        var random = SplitMix64(seed: seed, stream: 82, index: UInt64(line))
        let base = random.below(8)
        let style = (base + Int(world.identifierStyle[row])) % 8
        return spelled(lineValue(line), kind: IdentifierKind.allCases[Int(world.lineKind[line])], style: style)
    }

    /// One of the ways exports and labels write a value.
    func spelled(_ value: String, kind: IdentifierKind, style: Int) -> String {
        switch kind {
        case .phone:
            let national = String(value.dropFirst(3))
            if national.hasPrefix("400") {
                let (a, b, c) = (national.prefix(3), national.dropFirst(3).prefix(3), national.dropFirst(6))
                return ["\(a)-\(b)-\(c)", "\(national)", "\(a) \(b) \(c)", "+86 \(a) \(b) \(c)"][style % 4]
            }
            if national.count == 11, national.hasPrefix("1") {
                let (a, b, c) = (national.prefix(3), national.dropFirst(3).prefix(4), national.dropFirst(7))
                return [national, "\(a)-\(b)-\(c)", "+86 \(a) \(b) \(c)", value, "(+86) \(a)-\(b)-\(c)", "0086 \(a) \(b) \(c)", "\(a) \(b) \(c)", "+86-\(national)"][style % 8]
            }
            let area = national.hasPrefix("10") || national.hasPrefix("2") ? national.prefix(2) : national.prefix(3)
            let number = national.dropFirst(area.count)
            let (first, second) = (number.prefix(4), number.dropFirst(4))
            return ["0\(area)-\(number)", "(0\(area)) \(first) \(second)", "+86 \(area) \(first) \(second)", "0\(area)\(number)", "+86-\(area)-\(number)"][style % 5]
        case .email:
            switch style % 4 {
            case 1: return value.prefix(1).uppercased() + value.dropFirst()
            case 2: return value.uppercased()
            case 3 where value.hasSuffix("@gmail.com"):
                let local = value.dropLast(10)
                return local.count > 3 ? local.prefix(2) + "." + local.dropFirst(2) + "@gmail.com" : value
            default: return value
            }
        case .device:
            if value.count == 15, style % 3 == 1 { return "\(value.prefix(2))-\(value.dropFirst(2).prefix(6))-\(value.dropFirst(8).prefix(6))-\(value.suffix(1))" }
            if style % 3 == 2 { return value.uppercased() }
            return value
        case .ip:
            guard !value.contains(":"), style % 3 == 1 else { return value }
            return value.split(separator: ".").map { part in String(repeating: "0", count: 3 - part.count) + part }.joined(separator: ".")
        case .wechat:
            switch style % 4 {
            case 1: return value.prefix(1).uppercased() + value.dropFirst()
            case 2: return "WeChat: " + value
            default: return value
            }
        case .qq, .idDocument, .website:
            return value
        }
    }

    private func digits(_ random: inout SplitMix64, _ count: Int, firstNonZero: Bool) -> String {
        var text = ""
        for position in 0 ..< count {
            text += String(position == 0 && firstNonZero ? random.between(1, 9) : random.below(10))
        }
        return text
    }

    private func luhnDigit(_ body: String) -> Int {
        var sum = 0
        for (offset, character) in body.reversed().enumerated() {
            var digit = Int(character.asciiValue! - 48)
            if offset % 2 == 0 { digit *= 2; if digit > 9 { digit -= 9 } }
            sum += digit
        }
        return (10 - sum % 10) % 10
    }
}

extension WorldWriter {
    /// identifiers.csv and the answer key's identifier, image and hidden-member files.
    func writeIdentifierFile(_ file: WorldFile, into sink: inout CSVFileSink) throws {
        switch file {
        case .identifiers:
            sink.row(["identifier_id", "kind", "value"])
            for row in order(world.identifierLine.count, file) {
                let kind = IdentifierKind.allCases[Int(world.lineKind[Int(world.identifierLine[row])])]
                sink.row([ids.identifierRow(row), kind.rawValue, identifierValue(row)])
                try sink.flushIfFull()
            }
        case .truthIdentifiers:
            // Which rows are one identifier written several ways, and what each is to the world.
            sink.row(["identifier_id", "line_id", "kind", "value", "role"])
            for row in order(world.identifierLine.count, file) {
                let line = Int(world.identifierLine[row])
                sink.row([ids.identifierRow(row), "LN" + String(line), IdentifierKind.allCases[Int(world.lineKind[line])].rawValue,
                          lineValue(line), String(describing: IdentifierRole(rawValue: world.lineRole[line])!)])
                try sink.flushIfFull()
            }
        case .truthImages:
            // What each image says: its text lines and the identifiers printed on it.
            sink.row(["image_id", "file", "kind", "storefront_id", "ring_id", "phones", "wechat_ids", "emails", "qq", "text"])
            for image in order(world.imageStorefront.count, file) {
                let content = imageContent(image)
                var values: [IdentifierKind: [String]] = [:]
                for (line, _) in content.printed {
                    let kind = IdentifierKind.allCases[Int(world.lineKind[Int(line)])]
                    values[kind, default: []].append(lineValue(Int(line)))
                }
                let storefront = Int(world.imageStorefront[image])
                let ring = world.sellerRing[Int(world.storefrontSeller[storefront])]
                sink.row([ids.image(image), imageFile(image), ImageKind.allCases[Int(world.imageKind[image])].rawValue, ids.storefront(storefront),
                          ring >= 0 ? ids.ring(Int(ring)) : "", values[.phone, default: []].joined(separator: " "),
                          values[.wechat, default: []].joined(separator: " "), values[.email, default: []].joined(separator: " "),
                          values[.qq, default: []].joined(separator: " "), content.lines.joined(separator: " | ")])
            }
        case .truthHiddenMembers:
            // Ring members tied to their ring only through an identifier or only through an image.
            sink.row(["ring_id", "seller_id", "tie"])
            for member in world.hiddenMembers {
                sink.row([ids.ring(Int(member.ring)), ids.seller(Int(member.seller)), member.image ? "image" : "identifier"])
            }
        default:
            preconditionFailure("\(file) is not an identifier file")
        }
    }
}
