import Crypto
import Foundation

/// What tesseract read from each image, kept on disk by the SHA-256 of the image's bytes, so that
/// a re-run does not read an image twice.
///
/// **It never changes results.** An entry is found only by the hash of the exact bytes *and*
/// the reading settings (tesseract's version, languages, preprocessing, page segmentation:
/// ``ImageReader/settingsKey``); an entry holds its own key and is used only if the key matches;
/// reading is deterministic (one thread per recognition), so a cached result is the result a
/// fresh read gives. A damaged or foreign entry is ignored and read afresh.
///
/// **Where.** `--ocr-cache DIR`, else `$RINGSCOPE_OCR_CACHE`, else `$XDG_CACHE_HOME/ringscope/ocr`,
/// else `~/.cache/ringscope/ocr`. Entries are `ab/abcdef….json` (about 2–20 kB an image).
///
/// **Safety.** The folder is made private (0700) and a folder that another user owns, or that
/// others may write to, is not used (a shared cache could be filled with false readings). Each
/// entry is written to a temporary file and renamed into place, so a reader never sees half an
/// entry and two runs may share the cache; entries over ``entryLimit`` bytes are ignored.
public struct OCRCache: Sendable {
    public let directory: String
    /// Entries larger than this are not read (a reading is kilobytes).
    public static let entryLimit = 4 << 20

    /// Opens (and makes, if needed) the cache folder; throws if it cannot be used safely.
    public init(directory: String) throws(CacheError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if !manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CacheError(directory: directory, reason: "cannot be made (\(error.localizedDescription))")
            }
        } else if !isDirectory.boolValue {
            throw CacheError(directory: directory, reason: "is not a folder")
        }
        var status = stat()
        guard stat(directory, &status) == 0 else { throw CacheError(directory: directory, reason: "cannot be read") }
        guard status.st_uid == getuid() else { throw CacheError(directory: directory, reason: "belongs to another user") }
        guard status.st_mode & 0o022 == 0 else { throw CacheError(directory: directory, reason: "may be written by other users (chmod 700 it)") }
        self.directory = directory
    }

    /// The default folder (see the type's documentation), or nil without a home folder.
    public static var defaultDirectory: String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["RINGSCOPE_OCR_CACHE"], !explicit.isEmpty { return explicit }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/ringscope/ocr" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/ringscope/ocr" }
        return nil
    }

    /// The hex SHA-256 of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    private struct Entry: Codable {
        var key: String
        var text: OCRText
    }

    private func path(for key: String) -> (folder: String, file: String) {
        let name = OCRCache.hash(Array(key.utf8))
        let folder = directory + "/" + name.prefix(2)
        return (folder, folder + "/" + name + ".json")
    }

    /// The reading stored under `key` (image hash + settings), if any and intact.
    func text(for key: String) -> OCRText? {
        let file = path(for: key).file
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let size = attributes[.size] as? Int, size <= OCRCache.entryLimit,
              let data = FileManager.default.contents(atPath: file),
              let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.key == key else { return nil }
        return entry.text
    }

    /// Stores a reading; a failure to write only means the next run reads the image again.
    func store(_ text: OCRText, for key: String) {
        let (folder, file) = path(for: key)
        guard let data = try? JSONEncoder().encode(Entry(key: key, text: text)) else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = folder + "/.tmp-\(getpid())-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary, file) != 0 { unlink(temporary) }
    }
}

/// An OCR cache folder that cannot be used, and why.
public struct CacheError: Error, CustomStringConvertible {
    public var directory: String
    public var reason: String
    public var description: String { "OCR cache \(directory) \(reason)" }
}
