#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading `images.csv` (DATASET.md v2). The table's own problems (a duplicate id, an unknown
/// kind or storefront) are errors like any file's; a problem with an image's *file* is a
/// warning naming images.csv's line and the `file` column, and only that image is skipped:
/// a missing photo must not stop the analysis of the rest.
///
/// Here the path is checked before anything opens it: it must be relative, stay inside the
/// dataset folder (also through symbolic links), name a regular file (a FIFO would block a
/// reader forever) and be at most ``imageByteLimit`` bytes. Whether the bytes are an image of a
/// sane size is for the image reader (`Imaging`) to find out, which adds its own warnings.
extension DatasetLoader {
    /// Image files larger than this are skipped (a 20,000 × 20,000 photo is about 100 MB as PNG).
    public static let imageByteLimit = 40 << 20

    func loadImages(into images: inout ImageTable, tables: [EntityTable], log: inout ErrorLog, files: inout [String]) {
        let file = Self.imageFile
        guard let (reader, header) = open(file, required: false, requiredColumns: ["image_id", "file", "storefront_id"], log: &log, files: &files) else { return }
        let idColumn = header.column("image_id")!
        let fileColumn = header.column("file")!
        let storefrontColumn = header.column("storefront_id")!
        let kindColumn = header.column("kind")
        let observedColumn = header.column("observed_on")
        let referenceColumn = header.column("reference")
        images.fileColumn = fileColumn + 1
        let root = realPath(directory)
        var firstLine: [Int32] = []
        forEachRecord(reader, header, log: &log) { log in
            let line = reader.recordLine
            if reader.isEmpty(idColumn) {
                log.add(DatasetError(file: file, line: line, column: idColumn + 1, message: "empty image_id; every row needs an id"))
                return
            }
            let (index, inserted) = reader.withField(idColumn) { images.ids.insert($0) }
            if !inserted {
                log.add(DatasetError(file: file, line: line, column: idColumn + 1,
                                     message: "duplicate image_id \(quoted(reader.string(idColumn))) (first defined on line \(firstLine[Int(index)]))"))
                return
            }
            firstLine.append(Int32(line))
            var kind: ImageKind?
            if let kindColumn, !reader.isEmpty(kindColumn) {
                let text = reader.string(kindColumn).trimmingSpaces()
                kind = ImageKind(rawValue: text.lowercased())
                if kind == nil {
                    log.add(DatasetError(file: file, line: line, column: kindColumn + 1,
                                         message: "unknown image kind \(quoted(text)); expected one of \(ImageKind.expectedList)"))
                }
            }
            let storefront = reader.withField(storefrontColumn) { tables[EntityKind.storefront.index].ids.index(of: $0) }
            if storefront == nil {
                log.add(reference(kind: .storefront, value: reader.string(storefrontColumn), file: file, line: line, column: storefrontColumn + 1, tables: tables))
            }
            let path = reader.string(fileColumn)
            images.files.append(path)
            images.kinds.append(kind)
            images.storefronts.append(storefront ?? -1)
            images.observedOn.append(date(reader, observedColumn, file: file, log: &log))
            images.references.append(referenceColumn.map(reader.string) ?? "")
            images.lines.append(Int32(line))
            images.skipped.append(nil)
            if let problem = problem(withImagePath: path, root: root) {
                images.skip(Int32(images.count - 1), because: problem)
            }
        }
    }

    /// Why the file an images.csv row names cannot be read, or nil if it may be.
    func problem(withImagePath path: String, root: String?) -> String? {
        if path.trimmingSpaces().isEmpty { return "no file named" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "the path holds control characters" }
        if path.hasPrefix("/") || path.hasPrefix("~") { return "an absolute path; name a file inside the dataset folder, e.g. images/P0001.png" }
        var depth = 0
        for component in path.split(separator: "/") {
            if component == ".." { depth -= 1 } else if component != "." { depth += 1 }
            if depth < 0 { return "the path leaves the dataset folder" }
        }
        let full = self.path(path)
        var status = stat()
        guard stat(full, &status) == 0 else { return "no such file in the dataset folder" }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return "not a regular file" }
        if let root, let resolved = realPath(full), !resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            return "the path leaves the dataset folder through a symbolic link"
        }
        if Int(status.st_size) > Self.imageByteLimit {
            return "\(Int(status.st_size) >> 20) MB is over the \(Self.imageByteLimit >> 20) MB limit for an image"
        }
        if status.st_size == 0 { return "an empty file" }
        return nil
    }
}

/// The absolute path with symbolic links resolved, or nil.
func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
