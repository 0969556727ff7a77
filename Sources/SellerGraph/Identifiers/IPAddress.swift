import Foundation

/// IP addresses folded to their canonical text: IPv4 dotted decimal without leading zeros,
/// IPv6 as RFC 5952 writes it (lower case, leading zeros dropped, the longest run of two or more
/// zero groups as `::`); an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is the IPv4 address. A
/// port (`1.2.3.4:8080`, `[2408::1]:443`) and an IPv6 zone (`%eth0`) are set aside.
///
/// Addresses that name no one in particular never link sellers (``FoldedIdentifier/isLinkable``
/// is false): private networks (10/8, 172.16/12, 192.168/16, fc00::/7) that every office router
/// uses, loopback, link-local, unspecified. A carrier's shared NAT range (100.64/10) is not
/// linkable either: thousands of subscribers leave through one such address. A carrier's public
/// NAT address is a real, public address; it is left to the hub rule (used by more sellers than
/// the hub limit), as the marketplace's customer-service number is.
public enum IPAddress {
    public static func fold(_ text: String) -> FoldedIdentifier {
        var value = IdentifierText.droppingLabel(IdentifierText.narrowed(text).trimmedForIdentifier, labels: ["ip", "ip address", "ipv4", "ipv6", "login ip"])
        var notes: [String] = []
        if value.hasPrefix("[") {  // [v6]:port
            if let close = value.firstIndex(of: "]") {
                if value.index(after: close) != value.endIndex { notes.append("port set aside") }
                value = String(value[value.index(after: value.startIndex) ..< close])
            }
        } else if value.filter({ $0 == ":" }).count == 1, value.contains(".") {  // v4:port
            value = String(value[..<value.firstIndex(of: ":")!])
            notes.append("port set aside")
        }
        if let percent = value.firstIndex(of: "%") {
            value = String(value[..<percent])
            notes.append("zone set aside")
        }
        if let v4 = parseIPv4(Substring(value)) {
            return folded(v4: v4, notes: notes)
        }
        if let v6 = parseIPv6(Substring(value.lowercased())) {
            if v6[0 ..< 5].allSatisfy({ $0 == 0 }) && v6[5] == 0xFFFF {
                let v4 = [UInt8(v6[6] >> 8), UInt8(v6[6] & 0xFF), UInt8(v6[7] >> 8), UInt8(v6[7] & 0xFF)]
                return folded(v4: v4, notes: notes + ["IPv4-mapped IPv6 read as IPv4"])
            }
            return folded(v6: v6, notes: notes)
        }
        return FoldedIdentifier(key: "text:" + value.lowercased(), reason: (["not an IPv4 or IPv6 address: kept lower-cased"] + notes).joined(separator: "; "))
    }

    /// Four decimal parts of 0–255 (leading zeros are padding, not octal, in exports).
    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit), let value = Int(part), value <= 255 else { return nil }
            bytes.append(UInt8(value))
        }
        return bytes
    }

    /// Eight 16-bit groups; `::` once; a trailing dotted IPv4 part allowed.
    static func parseIPv6(_ text: Substring) -> [UInt16]? {
        guard text.contains(":"), text.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        sawGap = halves.count == 2
        func groups(_ part: String, allowIPv4: Bool) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (position, piece) in pieces.enumerated() {
                if allowIPv4, position == pieces.count - 1, piece.contains("."), let v4 = parseIPv4(piece) {
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let first = groups(halves[0], allowIPv4: !sawGap) else { return nil }
        head = first
        if sawGap {
            guard let second = groups(halves[1], allowIPv4: true) else { return nil }
            tail = second
            guard head.count + tail.count <= 7 else { return nil }
            return head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        return head.count == 8 ? head : nil
    }

    private static func folded(v4: [UInt8], notes: [String]) -> FoldedIdentifier {
        let key = v4.map(String.init).joined(separator: ".")
        let (a, b) = (v4[0], v4[1])
        var unlinkable: String?
        if a == 10 || (a == 172 && (16 ... 31).contains(b)) || (a == 192 && b == 168) { unlinkable = "private network address: every office router uses it" }
        else if a == 100 && (64 ... 127).contains(b) { unlinkable = "carrier-grade NAT range (100.64/10): shared by a carrier's subscribers" }
        else if a == 127 { unlinkable = "loopback address" }
        else if a == 169 && b == 254 { unlinkable = "link-local address" }
        else if a == 0 || a >= 224 { unlinkable = "unspecified, multicast or reserved address" }
        let reason = (["IPv4"] + notes + (unlinkable.map { ["\($0): never links sellers"] } ?? [])).joined(separator: "; ")
        return FoldedIdentifier(key: key, reason: reason, isLinkable: unlinkable == nil)
    }

    private static func folded(v6: [UInt16], notes: [String]) -> FoldedIdentifier {
        // The longest run of two or more zero groups (the first, on a tie) becomes "::".
        var bestStart = -1, bestLength = 0, start = -1
        for index in 0 ... 8 {
            if index < 8, v6[index] == 0 {
                if start < 0 { start = index }
            } else if start >= 0 {
                if index - start > bestLength { bestStart = start; bestLength = index - start }
                start = -1
            }
        }
        var key = ""
        if bestLength >= 2 {
            key = v6[..<bestStart].map { String($0, radix: 16) }.joined(separator: ":") + "::"
                + v6[(bestStart + bestLength)...].map { String($0, radix: 16) }.joined(separator: ":")
        } else {
            key = v6.map { String($0, radix: 16) }.joined(separator: ":")
        }
        var unlinkable: String?
        if v6[0] & 0xFE00 == 0xFC00 { unlinkable = "unique local address (fc00::/7): a private network" }
        else if v6[0] & 0xFFC0 == 0xFE80 { unlinkable = "link-local address" }
        else if v6.allSatisfy({ $0 == 0 }) || (v6[0 ..< 7].allSatisfy { $0 == 0 } && v6[7] == 1) { unlinkable = "unspecified or loopback address" }
        let reason = (["IPv6, RFC 5952 form"] + notes + (unlinkable.map { ["\($0): never links sellers"] } ?? [])).joined(separator: "; ")
        return FoldedIdentifier(key: key, reason: reason, isLinkable: unlinkable == nil)
    }
}
