import ArgumentParser
import Foundation
import Imaging
import SellerGraph

struct OCR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr",
        abstract: "Read the text on images and show the phones, messaging ids, e-mails, websites and addresses found.",
        discussion: """
        For an analyst checking one photo: what 'analyze' reads from a dataset's images, \
        shown line by line. Each image is read in process with tesseract (Chinese and \
        English), after preprocessing (grey; small text scaled up; noise removed; light text on \
        dark panels inverted; background flattened; deskewed). Every line of text is printed with its confidence \
        (0–1), then every item extracted from it with its box on the image (left,top–right,bottom \
        in pixels) and confidence. OCR confusions are corrected inside numbers (O→0, l→1, \
        full-width digits, spaces and dashes inside a number) and each correction lowers the \
        confidence by 0.05.

        Listing images (product photos) are read as text scattered anywhere; other kinds as \
        blocks of text. Results are cached by the image's SHA-256 (see --ocr-cache).

        Example:
          ringscope ocr datasets/demo/images/*.png
          ringscope ocr --kind listing_image product-photo.jpg
          ringscope ocr label.jpg --kind parcel_label --csv > found.csv
        """
    )

    @Argument(help: "Image files (PNG or JPEG).")
    var images: [String]

    @Option(help: ArgumentHelp("How to look for text: listing_image (scattered, as on a product photo) or parcel_label, packaging, receipt (blocks). (default: parcel_label)", valueName: "kind"))
    var kind: String = ImageKind.parcelLabel.rawValue

    @Flag(help: "Print only the extracted items, as CSV: file, kind, value, left, top, right, bottom, confidence, text.")
    var csv = false

    @Option(name: .customLong("save-prepared"), help: ArgumentHelp("Write each image as tesseract is given it (after preprocessing; each dark panel read alone too) into this folder, as IMAGE.page-sparse.png, IMAGE.sparse-panel-X,Y.png…; the images are read afresh (no cache). A file already there is never overwritten.", valueName: "dir"))
    var savePrepared: String?

    @OptionGroup var ocr: OCROptions

    func validate() throws {
        guard ImageKind(rawValue: kind) != nil else { throw ValidationError("--kind must be one of \(ImageKind.expectedList)") }
        try ocr.check()
    }

    func run() throws {
        var options = try ocr.readerOptions()
        if let savePrepared {
            try FileManager.default.createDirectory(atPath: savePrepared, withIntermediateDirectories: true)
            options.cache = nil
        }
        var failed = false
        var writer = CSVWriter()
        if csv { writer.writeRow("file", "kind", "value", "left", "top", "right", "bottom", "confidence", "text") }
        for file in images {
            let started = Date()
            let text: OCRText
            if let savePrepared {
                let stem = savePrepared + "/" + ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                options.showsPrepared = { name, png in
                    let path = stem + "." + name.replacingOccurrences(of: " ", with: "-") + ".png"
                    // Never over a file already there: the user's own, or another image's of the same
                    // name read in this command (a/L1.png and b/L1.png).
                    guard !FileManager.default.fileExists(atPath: path) else {
                        Console.error("\(terminalSafe(path)): warning: already exists; not overwritten")
                        return
                    }
                    do { try Data(png).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting) } catch { Console.error("\(terminalSafe(path)): warning: \(error.localizedDescription)") }
                }
            }
            let reader = ImageReader(options: options)
            do {
                text = try reader.read(file: file, kind: ImageKind(rawValue: kind))
            } catch {
                Console.error("\(terminalSafe(file)): warning: \(error.description); image skipped")
                failed = true
                continue
            }
            let found = TextExtractor.extract(from: text)
            if csv {
                for item in found {
                    writer.writeRow(file, item.kind.name, item.value, String(item.box.x), String(item.box.y), String(item.box.x + item.box.width),
                                    String(item.box.y + item.box.height), String(format: "%.2f", item.confidence), item.text)
                }
                continue
            }
            print("\(terminalSafe(file)): \(text.width) × \(text.height) px, \(text.words.count) words, \(String(format: "%.2f", Date().timeIntervalSince(started))) s (\(text.method))")
            for line in text.lines {
                let confidence = line.map(\.confidence).reduce(0, +) / Double(line.count)
                print(String(format: "  %.2f  ", confidence) + terminalSafe(TextExtractor.joined(line)))
            }
            if found.isEmpty {
                print("  nothing extracted")
            }
            for item in found {
                let note = item.isLabelled ? "" : "  (no label: links only to a WeChat id the dataset knows)"
                print("  → \(item.kind.name.padding(9))\(terminalSafe(item.value))  box \(item.box)  confidence \(String(format: "%.2f", item.confidence))\(note)")
            }
        }
        if csv { FileHandle.standardOutput.write(Data(writer.bytes)) }
        if failed { throw ExitCode(1) }
    }
}

/// The OCR options `ocr` and `analyze` share.
struct OCROptions: ParsableArguments {
    @Option(name: .customLong("ocr-cache"), help: ArgumentHelp("Folder of the OCR cache, or 'none'. (default: $RINGSCOPE_OCR_CACHE, else $XDG_CACHE_HOME/ringscope/ocr, else ~/.cache/ringscope/ocr)", valueName: "dir|none"))
    var cache: String?

    @Option(name: .customLong("ocr-time-limit"), help: ArgumentHelp("Seconds one image may take to recognise before it is skipped with a warning. (default: 30)", valueName: "seconds"))
    var timeLimit: Double = 30

    @Option(name: .customLong("ocr-languages"), help: ArgumentHelp("tesseract languages, '+'-joined. (default: chi_sim+eng)", valueName: "list"))
    var languages = "chi_sim+eng"

    @Option(name: .customLong("ocr-threads"), help: "Images read at once, one tesseract engine each. (default: 2)")
    var threads = 2

    func check() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--ocr-time-limit must be a positive number of seconds, e.g. 30") }
        guard threads >= 1 else { throw ValidationError("--ocr-threads must be at least 1") }
        guard !languages.isEmpty, languages.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "+" }) else {
            throw ValidationError("--ocr-languages takes tesseract language names joined by '+', e.g. chi_sim+eng")
        }
    }

    func readerOptions() throws -> ImageReader.Options {
        var options = ImageReader.Options()
        options.languages = languages
        options.timeLimit = timeLimit
        options.threads = threads
        let folder = cache ?? OCRCache.defaultDirectory
        if let folder, folder != "none" {
            do {
                options.cache = try OCRCache(directory: folder)
            } catch {
                Console.progress("\(error.description); reading without a cache")
            }
        }
        return options
    }
}

/// Text for a terminal: control characters (escape sequences among them) shown as `\u{…}`.
func terminalSafe(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 || (0x7F ..< 0xA0).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
            result += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
