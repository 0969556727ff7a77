import ArgumentParser
import Parallel

/// Parsing of numeric options that says what is wrong with a value.
///
/// The options are declared with `parsing: .unconditional`, so that `--seed -1` hands `-1` to
/// these functions instead of argument-parser taking it for an option and reporting "Missing
/// value for '--seed <seed>'"; each function then names the rule the value breaks.
enum Arguments {
    /// A seed: a whole number from 0 to 2^64 − 1.
    static func seed(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text) else {
            throw ValidationError("a seed is a whole number from 0 to \(UInt64.max), got '\(text)'")
        }
        return value
    }

    /// A thread count: a whole number ≥ 1 (capped later at ``ThreadLimit/maximum``).
    static func threads(_ text: String) throws -> Int {
        guard let value = Int(text), value >= 1 else {
            throw ValidationError("the thread count is a whole number of at least 1, got '\(text)'")
        }
        return value
    }

    /// A whole number ≥ `minimum`.
    static func wholeNumber(atLeast minimum: Int, what: String) -> (String) throws -> Int {
        { text in
            guard let value = Int(text), value >= minimum else {
                throw ValidationError("\(what) is a whole number of at least \(minimum), got '\(text)'")
            }
            return value
        }
    }

    /// A finite decimal number > 0 (`positive`) or ≥ 0.
    static func decimal(positive: Bool, what: String) -> (String) throws -> Double {
        { text in
            guard let value = Double(text), value.isFinite, positive ? value > 0 : value >= 0,
                  !text.lowercased().contains("x") else {
                throw ValidationError("\(what) is a number \(positive ? "greater than 0" : "of at least 0"), e.g. 0.02, got '\(text)'")
            }
            return value
        }
    }

    /// A threads option within ``ThreadLimit/maximum`` (4 × the cores), with a note on stderr
    /// when it was more: more threads than that only cost memory, and past the process limit
    /// they cannot start.
    static func cappedThreads(_ requested: Int, quiet: Bool = false) -> Int {
        let capped = ThreadLimit.capped(requested)
        if capped != requested, !quiet {
            let reason = capped < ThreadLimit.maximum && capped < requested && ThreadLimit.available == capped
                ? "more than the limit on processes (ulimit -u) leaves room for" : "more than 4 × this machine's cores"
            Console.progress("--threads \(requested) is \(reason); using \(capped)")
        }
        return capped
    }
}
