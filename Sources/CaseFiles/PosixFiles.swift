#if canImport(Glibc)
import SellerGraph
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system calls of the run folder and of `verify`, made with POSIX directly: no call
/// follows a symbolic link unless it says so, and every failure becomes a ``Failure`` whose
/// message is one line a person can act on ("the disk is full"), never a Foundation error dump.
enum PosixFiles {
    /// A failed call: what was being done, to which path, and `errno`.
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var action: String
        var code: Int32

        var description: String { "\(terminalSafe(path)): error: cannot \(action): \(PosixFiles.reason(code))" }
    }

    /// `errno` in words, for the errors a user can do something about.
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOSPC: "the disk is full; free some space and run again"
        case EDQUOT: "the disk quota is used up; free some space and run again"
        case EROFS: "the file system is read-only"
        case EACCES, EPERM: "permission denied"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case ENOENT: "no such file or folder"
        case EEXIST: "something is already there"
        case ELOOP: "it is a symbolic link"
        case ENAMETOOLONG: "the name is too long"
        case EMFILE, ENFILE: "too many open files"
        default: String(cString: strerror(code))
        }
    }

    /// What is at a path, without following a symbolic link there.
    enum Kind: Equatable {
        case absent
        case directory
        case regularFile
        case symbolicLink(target: String)
        /// A FIFO, socket, device…: the word for it.
        case other(String)
    }

    static func kind(of path: String) -> Kind {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .absent }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regularFile
        case S_IFLNK: return .symbolicLink(target: linkTarget(path) ?? "?")
        default: return .other(fileTypeName(status.st_mode))
        }
    }

    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[0 ..< length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `path` names a folder, following symbolic links (for the ancestors of `--out`).
    static func isDirectoryFollowingLinks(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// The names in a folder (not `.` and `..`), sorted by bytes; `nil` if it cannot be read.
    static func names(in directory: String) -> [String]? {
        guard let stream = opendir(directory) else { return nil }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every path under `root`, relative to it, without following symbolic links: folders end in
    /// `/`. Sorted by bytes, a folder before what it holds.
    static func tree(under root: String) -> [String] {
        var result: [String] = []
        func walk(_ relative: String) {
            let directory = relative.isEmpty ? root : root + "/" + relative
            for name in names(in: directory) ?? [] {
                let path = relative.isEmpty ? name : relative + "/" + name
                if kind(of: root + "/" + path) == .directory {
                    result.append(path + "/")
                    walk(path)
                } else {
                    result.append(path)
                }
            }
        }
        walk("")
        return result
    }

    /// Creates the folder; an existing folder is fine.
    static func makeDirectory(_ path: String) throws(Failure) {
        if mkdir(path, 0o755) == 0 { return }
        let code = errno
        if code == EEXIST, kind(of: path) == .directory { return }
        throw Failure(path: path, action: "create the folder", code: code)
    }

    /// Creates `relative`'s folders under `root` (which exists), one component at a time.
    static func makeDirectories(_ relative: String, under root: String) throws(Failure) {
        var path = root
        for component in relative.split(separator: "/") {
            path += "/" + component
            try makeDirectory(path)
        }
    }

    /// Writes a new file (never through a symbolic link, never over an existing file).
    static func writeNewFile(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: path, action: "create the file", code: errno) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(path)
            throw Failure(path: path, action: "write the file", code: failure)
        }
    }

    /// Removes `path` and everything under it; a symbolic link is removed, never followed.
    static func removeTree(_ path: String) {
        if kind(of: path) == .directory {
            for name in names(in: path) ?? [] { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
