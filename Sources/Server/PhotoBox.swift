import Foundation

/// Where OCR read an item on a photo, as links.csv writes it (`x,y–x2,y2` in pixels), and the
/// pixel size of a PNG or JPEG (read from its header) so the box can be drawn over the photo.
struct PhotoBox: Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    init?(_ text: String) {
        let corners = text.split(separator: "–")
        guard corners.count == 2 else { return nil }
        let first = corners[0].split(separator: ",").compactMap { Int($0) }, second = corners[1].split(separator: ",").compactMap { Int($0) }
        guard first.count == 2, second.count == 2, second[0] >= first[0], second[1] >= first[1], first.allSatisfy({ $0 >= 0 }) else { return nil }
        (x, y, width, height) = (first[0], first[1], second[0] - first[0], second[1] - first[1])
    }

    /// Width and height of a PNG (IHDR) or JPEG (first start-of-frame marker); nil for anything else.
    static func imageSize(_ path: String) -> (width: Int, height: Int)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 16), data.count > 24 else { return nil }
        let bytes = [UInt8](data)
        func big(_ at: Int, _ count: Int) -> Int { (at ..< at + count).reduce(0) { $0 << 8 | Int(bytes[$1]) } }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            return (big(16, 4), big(20, 4))
        }
        if bytes.starts(with: [0xFF, 0xD8]) {
            var index = 2
            while index + 9 < bytes.count, bytes[index] == 0xFF {
                let marker = bytes[index + 1]
                let length = big(index + 2, 2)
                if (0xC0 ... 0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                    return (big(index + 7, 2), big(index + 5, 2))
                }
                index += 2 + length
            }
        }
        return nil
    }
}
