#if canImport(Glibc)
import SellerGraph
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock a run holds on its destination while it writes: `flock` on a hidden lock file
/// beside the destination (`.demo.ringscope.lock` for `output/demo`), so that two runs into one
/// `--out` cannot clear each other's staging folder. The second is refused at once, naming the
/// process that holds the lock. The kernel releases the lock when the process ends, however it
/// ends, so a killed run never leaves the destination locked.
final class RunLock {
    /// Between the destination's name and the process id in a staging folder's name.
    static let stagingInfix = ".ringscope-staging-"

    private let descriptor: Int32

    init(destination: String, shown: String) throws(RunFolder.Error) {
        let slash = destination.lastIndex(of: "/")!
        let path = destination[..<slash] + "/." + destination[destination.index(after: slash)...] + ".ringscope.lock"
        descriptor = open(String(path), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            let reason = code == ENOENT ? "the file system there does not take new files" : PosixFiles.reason(code)
            throw RunDestination.failure(shown, "cannot create the lock file \(terminalSafe(String(path))): \(reason)")
        }
        guard Self.lock(descriptor) else {
            let code = errno
            let holder = Self.holder(descriptor)
            close(descriptor)
            if code == EWOULDBLOCK {
                throw RunDestination.failure(shown, "another RingScope run\(holder.isEmpty ? "" : " (process \(holder))") is writing this folder; wait for it to finish or choose another --out")
            }
            throw RunDestination.failure(shown, "cannot lock \(terminalSafe(String(path))): \(PosixFiles.reason(code))")
        }
        let pid = Array("\(getpid())\n".utf8)
        ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit { close(descriptor) }

    /// Takes the lock at once, or (when the holder is this very process) within 5 s.
    ///
    /// A lock this process held and released can stay held for a moment by a child forked
    /// while it was held (a layout child, a spawned process before its exec), until the child
    /// closes its copy of the descriptor; on a loaded machine that moment can be long. Another
    /// process's lock is refused at once.
    private static func lock(_ descriptor: Int32) -> Bool {
        for attempt in 0 ..< 500 {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
            let code = errno
            guard code == EWOULDBLOCK, attempt < 499, holder(descriptor) == String(getpid()) else {
                errno = code
                return false
            }
            usleep(10_000)
        }
        return false
    }

    /// The process id the lock file names (written by the run that holds it), or "".
    private static func holder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let length = pread(descriptor, &buffer, buffer.count, 0)
        return length > 0 ? String(decoding: buffer[0 ..< length], as: UTF8.self).filter(\.isNumber) : ""
    }

    /// Removes the staging folders of runs into `destination` whose process is gone (killed
    /// before its commit). A folder of a live process, another user's included, is left alone.
    /// A previous run set aside by an interrupted two-step commit (``RunFolderExchange``'s
    /// fallback) is put back if the destination is missing, and removed otherwise.
    /// Call with the lock held.
    static func clearAbandonedStaging(parent: String, name: String, destination: String) {
        let prefix = "." + name + stagingInfix
        for entry in PosixFiles.names(in: parent) ?? [] where entry.hasPrefix(prefix) {
            var rest = entry.dropFirst(prefix.count)
            let isPrevious = rest.hasSuffix(RunFolderExchange.previousSuffix)
            if isPrevious { rest = rest.dropLast(RunFolderExchange.previousSuffix.count) }
            guard !rest.isEmpty, rest.allSatisfy(\.isASCII), rest.allSatisfy(\.isNumber), let pid = Int32(rest) else { continue }
            guard pid != getpid(), !isAlive(pid) else { continue }
            let path = parent + "/" + entry
            if isPrevious, PosixFiles.kind(of: destination) == .absent, PosixFiles.kind(of: path) == .directory {
                rename(path, destination)
            } else {
                PosixFiles.removeTree(path)
            }
        }
    }

    /// Whether a process with this id exists (one of another user counts).
    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
