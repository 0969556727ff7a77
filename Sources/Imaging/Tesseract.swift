import CTesseract
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One tesseract engine (`TessBaseAPI *`) with its languages loaded, used by one thread at a time.
///
/// With ``PixImage``, the only code that touches the C API. Loading `chi_sim` and `eng` takes a
/// fraction of a second, so an engine is made once per thread and reused for every image that
/// thread reads. Each recognition runs under a deadline (`ETEXT_DESC`'s), so no image can hold
/// a thread longer than ``timeLimit``. tesseract's diagnostics go to `/dev/null`: problems are
/// reported as ``ImageError``s.
final class Tesseract {
    private let api: OpaquePointer
    let languages: String
    /// Seconds one recognition may take.
    let timeLimit: Double

    /// Loads `languages` (`chi_sim+eng`) from tesseract's data folder (`TESSDATA_PREFIX`, or the
    /// one the library was built with: `/usr/share/tesseract-ocr/5/tessdata` on Debian).
    init(languages: String, timeLimit: Double) throws(ImageError) {
        Tesseract.singleThreaded
        guard let api = TessBaseAPICreate() else { throw ImageError.engine("tesseract: could not create an engine") }
        self.api = api
        self.languages = languages
        self.timeLimit = timeLimit
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        guard TessBaseAPIInit3(api, nil, languages) == 0 else {
            TessBaseAPIDelete(api)
            throw ImageError.engine("tesseract could not load the language data \(languages); install tesseract-ocr-eng and tesseract-ocr-chi-sim (scripts/setup), or set TESSDATA_PREFIX")
        }
        // Keep inter-word spaces as read: "138 0013 8000" stays three words on one line.
        _ = TessBaseAPISetVariable(api, "preserve_interword_spaces", "1")
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    /// The engine's version (`5.3.0`), for the cache key.
    static var version: String { String(cString: TessVersion()) }

    /// tesseract may spread one recognition over OpenMP threads; RingScope runs one recognition
    /// per core instead, and one thread each keeps the result independent of the machine.
    private static let singleThreaded: Void = {
        setenv("OMP_THREAD_LIMIT", "1", 1)
    }()

    /// The words of `image` with their boxes (in `image`'s pixels), confidences (0–1) and the
    /// line each is on.
    func words(in image: PixImage, pageSegmentation: PageSegmentation) throws(ImageError) -> [OCRWord] {
        TessBaseAPISetPageSegMode(api, pageSegmentation.mode)
        TessBaseAPISetImage2(api, image.pix)
        TessBaseAPISetSourceResolution(api, 300)
        defer { TessBaseAPIClear(api) }
        guard let monitor = TessMonitorCreate() else { throw ImageError.engine("tesseract: could not create a monitor") }
        defer { TessMonitorDelete(monitor) }
        TessMonitorSetDeadlineMSecs(monitor, Int32(timeLimit * 1000))
        let started = monotonicSeconds()
        let status = TessBaseAPIRecognize(api, monitor)
        if monotonicSeconds() - started >= timeLimit { throw ImageError.timedOut(seconds: timeLimit) }
        guard status == 0 else { throw ImageError.engine("tesseract could not read the image") }
        guard let iterator = TessBaseAPIGetIterator(api) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        let page = TessResultIteratorGetPageIterator(iterator)
        var words: [OCRWord] = []
        var line = -1
        repeat {
            if TessPageIteratorIsAtBeginningOf(page, rs_level_line()) != 0 { line += 1 }
            guard let text = TessResultIteratorGetUTF8Text(iterator, rs_level_word()) else { continue }
            let word = String(cString: text)
            rs_tess_free(text)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard TessPageIteratorBoundingBox(page, rs_level_word(), &left, &top, &right, &bottom) != 0 else { continue }
            let confidence = Double(TessResultIteratorConfidence(iterator, rs_level_word())) / 100
            let trimmed = word.filter { !$0.isWhitespace }
            guard !trimmed.isEmpty else { continue }
            words.append(OCRWord(text: trimmed, x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top),
                                 confidence: max(0, min(1, confidence)), line: max(0, line)))
        } while TessResultIteratorNext(iterator, rs_level_word()) != 0
        return words
    }
}

/// How tesseract looks for text on a page.
enum PageSegmentation: String, Sendable, Codable {
    /// Columns and blocks of text: labels, receipts, scans.
    case automatic
    /// Text anywhere, in no order: a phone number in a corner of a product photo.
    case sparse
    /// One block of text: a sticker or strip cut out of a photo.
    case block

    var mode: TessPageSegMode {
        switch self {
        case .automatic: PSM_AUTO
        case .sparse: PSM_SPARSE_TEXT
        case .block: PSM_SINGLE_BLOCK
        }
    }
}

/// Seconds of a monotonic clock.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
