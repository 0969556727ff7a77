/// The key a diagram uses for an id: two ids that differ in any byte get two keys, and keys
/// compare as bytes even where Swift compares strings by Unicode canonical equivalence.
///
/// `"Café"` with U+00E9 and `"Cafe"` + U+0301 are two ids in a dataset (the loader compares
/// bytes) but one `String` to `Set` and `Dictionary`: keyed by the id itself, one of the two
/// nodes vanished from the diagram, or the diagram failed as holding a "duplicate". An ASCII id
/// is its own key (ASCII strings compare by bytes); any other id becomes U+E000, a private-use
/// character no id maps to, followed by its bytes in hex, so keys never collide with each other
/// or with an ASCII id, and the id itself is kept for the label.
func diagramKey(_ id: String) -> String {
    if id.utf8.allSatisfy({ $0 < 0x80 }) { return id }
    var key = "\u{E000}"
    for byte in id.utf8 {
        key += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
    }
    return key
}
