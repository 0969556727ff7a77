import Foundation
import TestFixtures
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `ringscope` executable as a user would, with a time limit, and reports how
/// it ended: exit status or signal, stdout, stderr, peak memory and seconds.
struct CommandRunner {
    struct Outcome {
        var status: Int32?
        var signal: Int32?
        var timedOut = false
        var stdout = ""
        var stderr = ""
        /// Peak resident memory of the program after it started (VmHWM, sampled every 20 ms), in
        /// bytes. (wait4's ru_maxrss would count the test process, whose memory a spawned child
        /// shares until it execs.)
        var peakBytes = 0
        var seconds = 0.0

        var description: String {
            "status \(status.map(String.init) ?? "-") signal \(signal.map(String.init) ?? "-") timedOut \(timedOut)\nstdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))"
        }
    }

    /// The `ringscope` executable beside the test bundle (both are in the build folder), or
    /// `RINGSCOPE_EXECUTABLE` (to run these tests against another build, e.g. main's).
    static var executable: String {
        if let override = ProcessInfo.processInfo.environment["RINGSCOPE_EXECUTABLE"], !override.isEmpty { return override }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        for _ in 0 ..< 4 {
            let candidate = folder.appendingPathComponent("ringscope").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/ringscope").path
    }

    /// The repository root (for datasets/demo).
    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// One OCR cache for the tests of this test process that analyse the demo (its 40 photos
    /// take a minute to read), so that they read them once, not once each.
    static let demoOCRCache = NSTemporaryDirectory() + "ringscope-tests-ocr-\(getpid())"

    /// Runs `ringscope arguments…` (or, with `wrapper`, `wrapper… ringscope arguments…`) and
    /// kills it after `timeLimit` seconds.
    static func run(_ arguments: [String], wrapper: [String] = [], timeLimit: Double = 120) -> Outcome {
        let command = wrapper + [executable] + arguments
        let stdoutPath = NSTemporaryDirectory() + "ringscope-out-" + UUID().uuidString
        let stderrPath = stdoutPath + ".err"
        defer { unlink(stdoutPath); unlink(stderrPath) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so that a time-out kills it and whatever it started.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = Date()
        var outcome = Outcome()
        guard posix_spawnp(&pid, command[0], &actions, &attributes, argv, environ) == 0 else {
            outcome.stderr = "spawn failed: \(String(cString: strerror(errno)))"
            return outcome
        }
        var status: Int32 = 0
        var usage = rusage()
        var peak = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               text.contains("Name:\tringscope"),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") {
                peak = max(peak, kilobytes * 1024)
            }
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if Date().timeIntervalSince(started) > timeLimit {
                outcome.timedOut = true
                kill(-pid, SIGKILL)
                _ = wait4(pid, &status, 0, &usage)
                break
            }
            usleep(20_000)
        }
        outcome.seconds = Date().timeIntervalSince(started)
        outcome.peakBytes = peak
        if status & 0x7F == 0 { outcome.status = (status >> 8) & 0xFF } else { outcome.signal = status & 0x7F }
        outcome.stdout = String(decoding: FileManager.default.contents(atPath: stdoutPath) ?? Data(), as: UTF8.self)
        outcome.stderr = String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self)
        return outcome
    }
}

/// A scratch folder removed at the end of a test.
final class Scratch {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "ringscope-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes the mini world (with `edit` applied to its files) into `name` and returns its path.
    func dataset(_ name: String = "mini", _ world: MiniWorld = MiniWorld(), edit: (inout [String: String]) -> Void = { _ in }) throws -> String {
        let folder = path + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var files = world.files()
        edit(&files)
        for (file, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
        }
        return folder
    }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }
}
