import Foundation
import Parallel
import SellerGraph
import Synchronization

/// Reads the text on images with tesseract, in process, on several threads, through the cache.
///
/// Each image is decoded by Leptonica (refused from its header if too large), prepared
/// (``Preprocessing``: grey, small text scaled up, noise removed, background flattened,
/// deskewed, binarised) and read by tesseract with word boxes and confidences, in Chinese
/// and English (`chi_sim+eng`), under a per-image time limit. Boxes are mapped back onto the
/// image as stored. Listing images are read as sparse text (a number anywhere on a photo);
/// labels, packaging and receipts as blocks of text.
public struct ImageReader: Sendable {
    public struct Options: Sendable {
        /// tesseract languages, `+`-joined.
        public var languages = "chi_sim+eng"
        /// Seconds one image may take to recognise.
        public var timeLimit = 30.0
        /// Images read at once, one tesseract engine each.
        public var threads = 2
        public var cache: OCRCache?
        /// How images are prepared (the benchmark compares choices).
        public var preprocessing = Preprocessing()
        /// Called with each image as tesseract is given it (a name — `page sparse`, `panel 2` —
        /// and its PNG bytes), for an analyst checking what preprocessing made of a photo
        /// (`ringscope ocr --save-prepared`). Images served from the cache are not prepared.
        public var showsPrepared: (@Sendable (String, [UInt8]) -> Void)?
        public init() {}
    }

    public let options: Options
    var preprocessing: Preprocessing { options.preprocessing }

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Identifies how text is read, for the cache key: a change of tesseract, languages or
    /// preprocessing is a different reading.
    var settingsKey: String {
        "tesseract \(Tesseract.version); \(options.languages); preprocessing \(preprocessing)"
    }

    /// How images are read, for a run's manifest: `tesseract 5.3.0, chi_sim+eng, preprocessing v5 …`.
    public var settingsDescription: String {
        "tesseract \(Tesseract.version), \(options.languages), preprocessing \(preprocessing), time limit \(Int(options.timeLimit)) s an image"
    }

    /// The text of one image file.
    public func read(file: String, kind: ImageKind? = nil) throws(ImageError) -> OCRText {
        let bytes = try Self.bytes(of: file)
        var engine: Tesseract?
        return try read(bytes, kind: kind, engine: &engine)
    }

    /// The bytes of an image file, at most ``DatasetLoader/imageByteLimit``.
    static func bytes(of file: String) throws(ImageError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw ImageError.engine("cannot open the file") }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: DatasetLoader.imageByteLimit + 1) else { throw ImageError.unreadable }
        guard data.count <= DatasetLoader.imageByteLimit else { throw ImageError.engine("the file is over the \(DatasetLoader.imageByteLimit >> 20) MB limit for an image") }
        return [UInt8](data)
    }

    func read(_ bytes: [UInt8], kind: ImageKind?, engine: inout Tesseract?) throws(ImageError) -> OCRText {
        let segmentation: PageSegmentation = kind == .listingImage ? .sparse : .automatic
        let key = OCRCache.hash(bytes) + " " + settingsKey + " " + segmentation.rawValue
        if let cached = options.cache?.text(for: key) { return cached }
        let started = monotonicSeconds()
        let image = try PixImage.decode(bytes)
        if engine == nil { engine = try Tesseract(languages: options.languages, timeLimit: options.timeLimit) }
        var text = try read(image, segmentation: segmentation, minimumScale: kind == .listingImage ? preprocessing.listingScale : 1,
                            engine: engine!, started: started)
        if kind == .listingImage, preprocessing.rereadsListingsWithoutIdentifier {
            // A listing photo read as sparse text at ×2 with no identifier in it is read again as
            // a page at the ordinary scale: the better reading (more identifiers) is kept.
            let first = Self.identifierCount(text)
            if first == 0 {
                let again = try read(image, segmentation: .automatic, minimumScale: 1, engine: engine!, started: started)
                if Self.identifierCount(again) > first {
                    text = again
                    text.method += ", read again as a page (no identifier in the sparse reading)"
                }
            }
        }
        options.cache?.store(text, for: key)
        return text
    }

    /// How many distinct identifiers the extractor finds in `text`: not addresses, nor unlabelled
    /// tokens that stand for an identifier only if a dataset knows them.
    static func identifierCount(_ text: OCRText) -> Int {
        Set(TextExtractor.extract(from: text).compactMap { item -> String? in
            guard case .identifier(let kind) = item.kind, item.isLabelled else { return nil }
            return kind.rawValue + " " + item.value
        }).count
    }

    /// One reading of a decoded image: prepared, read as `segmentation`, dark panels read alone.
    func read(_ image: PixImage, segmentation: PageSegmentation, minimumScale: Double, engine: Tesseract, started: Double) throws(ImageError) -> OCRText {
        let prepared = try preprocessing.prepare(image, minimumScale: minimumScale)
        if let show = options.showsPrepared { show("page \(segmentation.rawValue)", try prepared.image.png()) }
        var found = try engine.words(in: prepared.image, pageSegmentation: segmentation)
        var method = prepared.method + ", \(segmentation.rawValue) layout"
        if preprocessing.panels == .secondPass, prepared.panelShare >= Preprocessing.panelShareForSecondPass {
            // Light text on dark stickers and strips, read from the inverted page: its lines follow the first pass's.
            let lines = (found.map(\.line).max() ?? -1) + 1
            found += try engine.words(in: prepared.image.inverted(), pageSegmentation: segmentation).map { word in
                var word = word
                word.line += lines
                return word
            }
            method += String(format: ", read again inverted (%.0f %% in dark panels)", prepared.panelShare * 100)
        }
        var words = found.map { word in
            let box = prepared.transform.original(x: word.x, y: word.y, width: word.width, height: word.height)
            return OCRWord(text: word.text, x: box.x, y: box.y, width: box.width, height: box.height, confidence: word.confidence, line: word.line)
        }
        if !prepared.panels.isEmpty {
            var reading = PanelReading(image: prepared.unflattened, transform: prepared.panelTransform)
            reading.showsPrepared = options.showsPrepared.map { show in { @Sendable name, png in show("\(segmentation.rawValue) \(name)", png) } }
            let replaced: Int
            (words, replaced) = try reading.merge(words, panels: prepared.panels, engine: engine,
                                                  deadline: started + options.timeLimit, limit: options.timeLimit)
            if replaced > 0 { method += ", \(replaced) panel\(replaced == 1 ? "" : "s") read alone" }
        }
        return OCRText(width: image.width, height: image.height, words: words, method: method)
    }

    /// Reads every usable image of `images` (paths relative to `directory`), on ``Options/threads``
    /// threads; the results are in image order and do not depend on the thread count.
    ///
    /// - Parameter progress: called with (images done, images to read) as each finishes.
    public func read(_ images: ImageTable, in directory: String, progress: (@Sendable (Int, Int) -> Void)? = nil) -> [Result<OCRText, ImageError>?] {
        let usable = (0 ..< Int32(images.count)).filter { images.isUsable($0) }
        let results = Mutex<[Result<OCRText, ImageError>?]>(Array(repeating: nil, count: images.count))
        let next = Mutex(0)
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        let files = images.files, kinds = images.kinds
        concurrentForEach(max(1, min(options.threads, usable.count)), threads: options.threads) { _ in
            var engine: Tesseract?
            while true {
                let position = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard position < usable.count else { return }
                let image = Int(usable[position])
                let result = Result { () throws(ImageError) -> OCRText in
                    let bytes = try Self.bytes(of: root + files[image])
                    return try read(bytes, kind: kinds[image], engine: &engine)
                }
                // An engine that timed out or failed may be in any state: the next image gets a fresh one.
                if case .failure = result { engine = nil }
                let done = results.withLock { slots -> Int in
                    slots[image] = result
                    return slots.compactMap { $0 }.count
                }
                progress?(done, usable.count)
            }
        }
        return results.withLock { $0 }
    }
}
