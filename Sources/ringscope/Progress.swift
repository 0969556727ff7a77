import Foundation

/// Progress of `ringscope analyze` on stderr (issue 8): never on stdout.
///
/// - `.lines` (stderr is not a terminal): one plain line per stage, `ringscope: …`, and one per
///   25 referral packages, as before.
/// - `.bar` (stderr is a terminal): the same stage lines, and in between a single line redrawn
///   in place with a carriage return: once a stage has run for ``barDelay`` seconds, a ticker
///   shows its elapsed time; while referral packages are written, a bar with N of M. The line
///   is cleared before the next stage line, so the scroll-back holds only the plain lines.
/// - `.silent` (`--quiet`): nothing.
final class Progress: @unchecked Sendable {
    enum Mode: Equatable { case silent, lines, bar }

    /// A stage shows its bar or ticker only once it has run this long.
    static let barDelay = 2.0

    let mode: Mode
    private let lock = NSLock()
    private var stageStarted = Date()
    private var shown = false          // a bar or ticker is on screen, to be cleared
    private var ticker: Thread?
    private var stopped = false

    init(quiet: Bool, terminal: Bool = Console.stderrIsTerminal) {
        mode = quiet ? .silent : (terminal ? .bar : .lines)
        if mode == .bar { startTicker() }
    }

    /// The callback the libraries' `progress` parameters take, or `nil` when silent.
    var callback: ((String) -> Void)? {
        mode == .silent ? nil : { [self] in line($0) }
    }

    /// A stage line: ends the current stage and starts the clock of the next.
    func line(_ text: String) {
        guard mode != .silent else { return }
        lock.withLock {
            write((shown ? Self.clear : "") + "ringscope: " + text + "\n")
            shown = false
            lastStep = nil
            stageStarted = Date()
        }
    }

    /// `done` of `total` items of a counted stage (referral packages).
    func step(_ label: String, done: Int, total: Int) {
        switch mode {
        case .silent:
            return
        case .lines:
            if done % 25 == 0 || done == total { line("\(label): \(done) of \(total)") }
        case .bar:
            if done == total { line("\(label): \(done) of \(total)"); return }
            lock.withLock {
                lastStep = (label, done, total)
                let elapsed = Date().timeIntervalSince(stageStarted)
                guard elapsed >= Self.barDelay else { return }
                write("\r" + Self.bar(label: label, done: done, total: total, elapsed: elapsed) + Self.clearToEnd)
                shown = true
            }
        }
    }

    /// Clears the bar and stops the ticker; call before printing the results.
    func finish() {
        lock.withLock {
            stopped = true
            if shown { write(Self.clear); shown = false }
        }
    }

    // MARK: Formatting (pure, tested)

    /// `ringscope: referral packages [#########-----------]  45 of 100  12.3 s`
    static func bar(label: String, done: Int, total: Int, elapsed: Double, width: Int = 24) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let digits = String(total).count
        let count = String(repeating: " ", count: max(0, digits - String(done).count)) + String(done)
        return "ringscope: \(label) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            + "] \(count) of \(total)  " + seconds(elapsed)
    }

    /// `ringscope: working … 4.0 s`: a stage without counts that has run for a while.
    static func ticker(elapsed: Double) -> String {
        "ringscope: working … " + seconds(elapsed)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    static let clearToEnd = "\u{1B}[K"
    static let clear = "\r\u{1B}[K"

    // MARK: Ticker

    private var lastStep: (label: String, done: Int, total: Int)?

    private func startTicker() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.25)
                let keepGoing: Bool = lock.withLock {
                    if stopped { return false }
                    let elapsed = Date().timeIntervalSince(stageStarted)
                    guard elapsed >= Self.barDelay else { return true }
                    let text = lastStep.map { Self.bar(label: $0.label, done: $0.done, total: $0.total, elapsed: elapsed) }
                        ?? Self.ticker(elapsed: elapsed)
                    write("\r" + text + Self.clearToEnd)
                    shown = true
                    return true
                }
                if !keepGoing { return }
            }
        }
        ticker = thread
        thread.start()
    }

    private func write(_ text: String) { Console.raw(text) }
}
