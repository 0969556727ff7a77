import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SellerGraph

/// Issue 14: validation of thousands of randomly corrupted copies of a small dataset answers
/// every one with a network or with ``DatasetErrors`` (`validate`'s exit 0 or 1): never a trap,
/// never another kind of error, within a bounded time and memory.
///
/// 2,000 copies here (a few seconds); `Benchmarks/fuzz/property.sh N` runs N, with the seed
/// taken from `RINGSCOPE_PROPERTY_SEED` so that a failure can be replayed.
@Suite struct CorruptedDatasetPropertyTests {
    static var runs: Int { Int(ProcessInfo.processInfo.environment["RINGSCOPE_PROPERTY_RUNS"] ?? "") ?? 2_000 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["RINGSCOPE_PROPERTY_SEED"] ?? "") ?? 14 }

    /// A dataset of every file, small enough to load in a millisecond or two.
    static let files: [String: [UInt8]] = {
        var sellers = "seller_id,name,registered_on,country,province,city\n"
        var storefronts = "storefront_id,seller_id,platform,name,opened_on\n"
        var accounts = "account_id,provider,holder_name\n"
        var addresses = "address_id,text,city,province,country,lat,lon\n"
        var factories = "factory_id,name,city,province,country,lat,lon\nF1,\"Shoe works, Putian\",莆田,福建,CN,25.43,119.01\nF2,Bags,Guangzhou,Guangdong,CN,23.1,113.2\n"
        var links = "source_id,target_id,relation,first_seen,last_seen\n"
        var evidence = "entity_type,entity_id,kind,brand,observed_on,reference\n"
        var listings = "listing_id,storefront_id,brand,title,price,msrp,currency,units_sold\n"
        for seller in 1 ... 8 {
            sellers += "S\(seller),\"Seller \(seller), Ltd.\",2020-01-0\(seller),CN,广东,广州\n"
            for shop in 1 ... 2 {
                let id = "SF\(seller)_\(shop)"
                storefronts += "\(id),S\(seller),Taobao,店铺 \(shop),2021-02-0\(shop)\n"
                links += "\(id),PA\(seller % 3),pays_to,2021-01-01,2022-01-01\n\(id),AD\(seller % 4),returns_to,,\n\(id),F\(shop),supplied_by,,\n"
                listings += "L\(seller)_\(shop),\(id),Gucci,\"Bag \"\"GG\"\"\",\(10 * seller).50,1200.00,USD,\(seller * 7)\n"
            }
            links += "S\(seller),AD\(seller % 4),registered_at,,\n"
        }
        for account in 0 ..< 3 { accounts += "PA\(account),Alipay,Holder \(account)\n" }
        for address in 0 ..< 4 { addresses += "AD\(address),\"Room 30\(address), No. 12 Xingfu Road\",Guangzhou,Guangdong,CN,23.1\(address),113.2\n" }
        links += "PA0,PA1,transfers_to,2022-03-01,\n"
        evidence += "storefront,SF1_1,test_purchase_fake,Gucci,2024-01-01,TP-1\nseller,S2,brand_complaint,Nike,2024-02-02,BC-2\n"
        return ["sellers.csv": sellers, "storefronts.csv": storefronts, "payment_accounts.csv": accounts, "addresses.csv": addresses,
                "factories.csv": factories, "links.csv": links, "evidence.csv": evidence, "listings.csv": listings]
            .mapValues { Array($0.utf8) }
    }()

    /// Bytes a corruption inserts: the format's delimiters, and what real exports get wrong.
    static let hostile: [[UInt8]] = [[0x22], [0x2C], [0x0A], [0x0D], [0x0D, 0x0A], [0x00], [0xFF], [0xC3], [0xEF, 0xBB, 0xBF],
                                      Array("\"\"".utf8), Array("0x10".utf8), Array("-1".utf8), Array("9223372036854775807".utf8),
                                      Array("1e308".utf8), Array("nan".utf8), Array("2024-02-30".utf8), Array("Cafe\u{301}".utf8),
                                      Array("pays_to".utf8), Array("transfers_to".utf8), Array("S1".utf8), Array("PA0".utf8)]

    @Test func validationOfCorruptedCopiesEndsInANetworkOrDatasetErrors() throws {
        let folder = NSTemporaryDirectory() + "ringscope-corrupt-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var random = SplitMix(seed: Self.seed)
        var outcomes = (valid: 0, invalid: 0)
        let names = Self.files.keys.sorted()
        let before = Self.residentBytes()
        var slowest = 0.0
        for run in 0 ..< Self.runs {
            var files = Self.files
            for _ in 0 ... random.below(3) {
                let name = names[random.below(names.count)]
                if let bytes = files[name] { files[name] = Self.corrupt(bytes, &random) }
            }
            for name in names {
                let path = folder + "/" + name
                unlink(path)
                if let bytes = files[name] { Self.write(bytes, to: path) }
            }
            let started = Date()
            do {
                _ = try DatasetLoader(directory: folder, threads: run % 10 == 0 ? 2 : 1).load()
                outcomes.valid += 1
            } catch is DatasetErrors {
                outcomes.invalid += 1
            } catch {
                Issue.record("run \(run) (seed \(Self.seed)): \(type(of: error)) is neither a network nor DatasetErrors: \(error)")
            }
            slowest = max(slowest, Date().timeIntervalSince(started))
        }
        #expect(outcomes.valid + outcomes.invalid == Self.runs)
        #expect(outcomes.invalid > Self.runs / 4 && outcomes.valid > 0, "\(outcomes)")
        #expect(slowest < 5, "a corrupted copy took \(slowest) s")
        #expect(Self.residentBytes() - before < 256 << 20, "memory grew by \((Self.residentBytes() - before) >> 20) MB")
    }

    /// One random corruption of `bytes` (or of the set of files).
    static func corrupt(_ bytes: [UInt8], _ random: inout SplitMix) -> [UInt8]? {
        var bytes = bytes
        let position = bytes.isEmpty ? 0 : random.below(bytes.count)
        switch random.below(10) {
        case 0: if !bytes.isEmpty { bytes[position] ^= UInt8(1 << random.below(8)) }
        case 1, 2: bytes.insert(contentsOf: hostile[random.below(hostile.count)], at: position)
        case 3: bytes.removeSubrange(position ..< min(bytes.count, position + random.below(40) + 1))
        case 4: bytes = Array(bytes.prefix(position))
        case 5:  // a line repeated (duplicate ids)
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            let line = lines[random.below(lines.count)]
            bytes += [0x0A] + line
        case 6: return random.below(4) == 0 ? nil : bytes  // a file missing
        case 7: bytes.insert(contentsOf: [UInt8](repeating: 0x41, count: random.below(70_000)), at: position)  // a long field
        case 8:  // a header swapped
            if let newline = bytes.firstIndex(of: 0x0A) { bytes.replaceSubrange(0 ..< newline, with: Array("a,b,a".utf8)) }
        default:  // a value of another file's id
            bytes.insert(contentsOf: Array(",S\(random.below(12))".utf8), at: position)
        }
        return bytes
    }

    /// A plain write (FileManager's goes through a temporary file and an fsync, which made a
    /// run 100 ms on a busy disk).
    static func write(_ bytes: [UInt8], to path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return }
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = Int(text.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return pages * 4096
    }
}

/// A small seeded generator (SplitMix64) so that a failing run can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}
