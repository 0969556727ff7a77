import Foundation
import SellerGraph

extension WorldWriter {
    /// `truth/traps.csv` (worlds generated with traps): `seller_id,trap,group_id`, one row per
    /// seller and trap; `group_id` is the ring, or the entity the trap shares (the agent's
    /// office address, the collector's account, the forwarder's address), or for a family with
    /// a lone counterfeiter that seller. Rows in the order the traps were made.
    func writeTraps(to url: URL) throws -> Int {
        var sink = try CSVFileSink(url: url)
        sink.row(["seller_id", "trap", "group_id"])
        for row in world.trapSeller.indices {
            let group: String = switch world.trapGroup[row] {
            case .ring(let ring): ids.ring(Int(ring))
            case .address(let address): ids.address(Int(address))
            case .account(let account): ids.account(Int(account))
            case .seller(let seller): ids.seller(Int(seller))
            }
            sink.row([ids.seller(Int(world.trapSeller[row])), Trap(rawValue: world.trapKind[row])!.name, group])
            try sink.flushIfFull()
        }
        let rows = sink.rows - 1
        try sink.close()
        return rows
    }
}

/// The quirks of real exports that a world with traps carries: one file with CRLF line ends
/// (a Windows export), another starting with a UTF-8 byte-order mark (Excel's "CSV UTF-8").
/// Rows are shuffled in every generated file already.
enum CSVQuirks {
    /// The file written with CRLF line ends.
    static let crlfFile = WorldFile.paymentAccounts
    /// The file written with a byte-order mark.
    static let bomFile = WorldFile.storefronts

    static func apply(in directory: URL) throws {
        let crlf = directory.appendingPathComponent(crlfFile.path)
        try withCRLF(Data(contentsOf: crlf)).write(to: crlf)
        let bom = directory.appendingPathComponent(bomFile.path)
        try (Data([0xEF, 0xBB, 0xBF]) + Data(contentsOf: bom)).write(to: bom)
    }

    /// Every record end (a line feed outside quotes) written as CR LF; line feeds inside a
    /// quoted field are field text and stay as they are.
    static func withCRLF(_ data: Data) -> Data {
        var out = Data()
        out.reserveCapacity(data.count + data.count / 20)
        var quoted = false
        for byte in data {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == UInt8(ascii: "\n"), !quoted { out.append(UInt8(ascii: "\r")) }
            out.append(byte)
        }
        return out
    }
}
