/// The kinds of image in `images.csv` (DATASET.md v2).
public enum ImageKind: String, CaseIterable, Sendable, Hashable {
    /// A photo or scan of a test-purchase parcel: sender and return address, phone.
    case parcelLabel = "parcel_label"
    /// A product photo; counterfeiters hide WeChat/QQ ids and phone numbers in them.
    case listingImage = "listing_image"
    case packaging
    case receipt

    public static var expectedList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The rows of `images.csv`, column-wise: which storefront each image came from and where its
/// file is. An image whose file cannot be used (missing, outside the dataset folder, not an
/// image, too large, unreadable) stays in the table with the reason it is skipped.
public struct ImageTable: Sendable {
    public var ids = IdTable(capacity: 64)
    /// `file` as written in images.csv (a path relative to the dataset folder).
    public var files: [String] = []
    /// nil when the cell is empty (unknown).
    public var kinds: [ImageKind?] = []
    public var storefronts: [Int32] = []
    /// Days since 1970-01-01, or ``Dates/unknown``.
    public var observedOn: [Int32] = []
    public var references: [String] = []
    /// The 1-based line of each row in images.csv.
    public var lines: [Int32] = []
    /// Why each image is skipped (a warning naming images.csv's line and column), nil if usable.
    public var skipped: [DatasetError?] = []
    /// The 1-based column of `file` in images.csv, for warnings about the file.
    public var fileColumn = 0

    public init() {}

    public var count: Int { files.count }

    /// Whether the image's file may be read.
    public func isUsable(_ image: Int32) -> Bool { skipped[Int(image)] == nil }

    /// Marks an image skipped, with the warning that says why (at `file`'s column of its row).
    public mutating func skip(_ image: Int32, because reason: String) {
        guard skipped[Int(image)] == nil else { return }
        skipped[Int(image)] = DatasetError(file: DatasetLoader.imageFile, line: Int(lines[Int(image)]), column: fileColumn,
                                           severity: .warning, message: "\(quoted(files[Int(image)])): \(reason); image skipped")
    }

    /// The warnings of every skipped image, in row order.
    public var warnings: [DatasetError] { skipped.compactMap { $0 } }
}

/// A pixel rectangle on an image as stored (x, y from the top-left corner).
public struct ImageBox: Sendable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// `120,40–380,90`: the top-left and bottom-right corners.
    public var description: String { "\(x),\(y)–\(x + width),\(y + height)" }

    /// The smallest box holding both.
    public func union(_ other: ImageBox) -> ImageBox {
        let left = min(x, other.x), top = min(y, other.y)
        let right = max(x + width, other.x + other.width), bottom = max(y + height, other.y + other.height)
        return ImageBox(x: left, y: top, width: right - left, height: bottom - top)
    }
}

/// What a link read from an image rests on: the image, the place on it, the confidence and the
/// text read. Kept with the link so that a referral can say where it came from.
public struct ImageReading: Sendable, Hashable {
    /// Index into ``SellerNetwork/images``.
    public var image: Int32
    public var box: ImageBox
    /// OCR confidence of the item, 0–1 (the mean of its words' confidences).
    public var confidence: Double
    /// The line of text the item was read from, as read.
    public var text: String
    /// The item as extracted (`wxid_ab12cd`, `+86 138 0013 8000`).
    public var value: String
    /// How the reading was matched, when it was corrected to a known identifier; "" otherwise.
    public var note = ""

    public init(image: Int32, box: ImageBox, confidence: Double, text: String, value: String) {
        self.image = image
        self.box = box
        self.confidence = confidence
        self.text = text
        self.value = value
    }
}
