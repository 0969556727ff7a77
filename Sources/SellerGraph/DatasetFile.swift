#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a dataset file may be: a regular file, or a symbolic link to one.
///
/// A FIFO named `links.csv` made `open` block forever; `links.csv -> /dev/zero` was read as
/// one endless record. Both, and any other special file (socket, device, folder), are errors
/// now, and an error about a link says where it points.
enum DatasetFile {
    /// Whether anything, even a dangling link, is at `path` (a dangling `links.csv` is an
    /// error, not a missing optional file).
    static func isPresent(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// " (a symbolic link to TARGET)" when `path` is one, else "".
    static func linkNote(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return "" }
        let target = String(decoding: buffer[0 ..< length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return " (a symbolic link to \(terminalSafe(target)))"
    }

    /// Opens `path` for reading without blocking on a FIFO, and checks that it is a regular
    /// file. Returns the descriptor (blocking again) or throws a ``DatasetError`` for `name`.
    static func openRegularFile(_ path: String, name: String) throws(DatasetError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            if code == ENOENT, isPresent(path) {
                throw DatasetError(file: name, message: "cannot open: it is a symbolic link to \(linkNote(path).dropFirst(" (a symbolic link to ".count).dropLast()), which does not exist")
            }
            throw DatasetError(file: name, message: "cannot open\(linkNote(path)): \(String(cString: strerror(code)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw DatasetError(file: name, message: "cannot read\(linkNote(path)): \(String(cString: strerror(code)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw DatasetError(file: name, message: "is \(fileTypeName(status.st_mode))\(linkNote(path)), not a regular file; a dataset is a folder of CSV files")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return descriptor
    }
}

/// The words for a file type (`st_mode & S_IFMT`), for messages: "a FIFO (named pipe)", "a folder"…
public func fileTypeName(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFIFO: "a FIFO (named pipe)"
    case S_IFSOCK: "a socket"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFDIR: "a folder"
    case S_IFLNK: "a symbolic link"
    case S_IFREG: "a regular file"
    default: "a special file"
    }
}
