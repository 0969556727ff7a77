/// Makes cairo's PDFs reproducible.
///
/// cairo 1.16 writes the wall-clock time into the document information dictionary
/// (`/CreationDate (D:20261127131252Z)`), so the same diagram gave a different PDF, and a
/// different SHA-256 in the run manifest, every second. The date is overwritten in place
/// with the Unix epoch, digit for digit, so that every byte offset in the cross-reference
/// table stays valid.
enum PDFDate {
    static let epoch = Array("19700101000000".utf8)

    static func fixingCreationDate(_ pdf: [UInt8]) -> [UInt8] {
        let marker = Array("/CreationDate (D:".utf8)
        var bytes = pdf
        var index = 0
        while index + marker.count + epoch.count <= bytes.count {
            if bytes[index] == marker[0], Array(bytes[index..<index + marker.count]) == marker {
                let start = index + marker.count
                var digits = 0
                while digits < epoch.count, start + digits < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[start + digits]) {
                    digits += 1
                }
                for offset in 0..<digits { bytes[start + offset] = epoch[offset] }
                index = start + digits
            } else {
                index += 1
            }
        }
        return bytes
    }
}
