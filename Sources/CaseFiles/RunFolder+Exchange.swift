#if canImport(Glibc)
import SellerGraph
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The final step of a run: the staged folder takes the destination's place in one system call,
/// `renameat2(RENAME_EXCHANGE)` on Linux, which swaps the two names atomically; a new
/// destination is created with `RENAME_NOREPLACE`. At every instant the destination holds either
/// the previous run or the new one, complete, whatever kills the process when.
///
/// On a file system without `renameat2` (it answers `EINVAL`), it falls back to two renames with
/// the previous run set aside under a name ``RunLock/clearAbandonedStaging(parent:name:destination:)``
/// recognises: if the process dies between them, the next run puts the previous run back.
enum RunFolderExchange {
    static let previousSuffix = ".previous"
    static let renameNoReplace: UInt32 = 1
    static let renameExchange: UInt32 = 2

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32

    /// glibc's `renameat2` (2.28 and later), looked up at run time: Swift's Glibc module does not
    /// export it.
    nonisolated(unsafe) private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// `renameat2(from, to, flags)`: 0, or `errno` (`EINVAL` when the call or flag is unsupported).
    static func rename2(_ from: String, _ to: String, flags: UInt32) -> Int32 {
        guard let renameat2 else { return EINVAL }
        if renameat2(AT_FDCWD, from, AT_FDCWD, to, flags) == 0 { return 0 }
        return errno == ENOSYS ? EINVAL : errno
    }

    /// Puts `staging` at `destination`. Returns where the previous run now is (to be removed),
    /// or `nil` if there was none.
    static func replace(_ destination: String, with staging: String, shown: String) throws(RunFolder.Error) -> String? {
        let exists = PosixFiles.kind(of: destination) != .absent
        let code = rename2(staging, destination, flags: exists ? renameExchange : renameNoReplace)
        if code == 0 { return exists ? staging : nil }
        guard code == EINVAL else {
            throw RunDestination.failure(shown, "cannot put the new run in place: \(PosixFiles.reason(code)); the previous run, if any, is untouched")
        }
        // Two renames, recoverable by the next run.
        if !exists {
            guard rename(staging, destination) == 0 else {
                throw RunDestination.failure(shown, "cannot put the new run in place: \(PosixFiles.reason(errno))")
            }
            return nil
        }
        let previous = staging + previousSuffix
        guard rename(destination, previous) == 0 else {
            throw RunDestination.failure(shown, "cannot set the previous run aside: \(PosixFiles.reason(errno)); it is untouched")
        }
        guard rename(staging, destination) == 0 else {
            let code = errno
            rename(previous, destination)
            throw RunDestination.failure(shown, "cannot put the new run in place: \(PosixFiles.reason(code)); the previous run is untouched")
        }
        return previous
    }
}
