/// Ids compared one way everywhere: by their UTF-8 bytes.
///
/// Swift's `==` and `<` on `String` compare by Unicode canonical equivalence, so `"Café"`
/// written with one code point (U+00E9) and with two (`e` + U+0301) are equal strings. The
/// loader interns ids by their bytes (``IdTable``), where those are two ids; anything that then
/// compares them as strings (a `Set<String>`, a dictionary key, a sort) would merge or reorder
/// them, and a diagram or a table would silently lose one. Code that compares or orders ids
/// uses these instead.
extension StringProtocol {
    /// Whether `self` and `other` are the same bytes (no Unicode normalisation).
    @inlinable
    public func hasSameBytes<Other: StringProtocol>(as other: Other) -> Bool {
        utf8.elementsEqual(other.utf8)
    }

    /// Whether `self` comes before `other` in the order of their UTF-8 bytes (which is the
    /// order of their code points).
    @inlinable
    public func precedesInBytes<Other: StringProtocol>(_ other: Other) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}

/// A string as a key compared by its bytes: for sets and dictionaries of ids.
public struct ByteKey: Hashable, Sendable, Comparable {
    public let bytes: [UInt8]
    public init(_ text: some StringProtocol) { bytes = Array(text.utf8) }
    public var string: String { String(decoding: bytes, as: UTF8.self) }
    public static func < (lhs: ByteKey, rhs: ByteKey) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
