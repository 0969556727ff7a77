#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one reader reports after reading a file: sent from the child process to the parent as JSON.
struct ReadResult: Codable {
    /// Data rows (the header not counted).
    var rows = 0
    var header: [String] = []
    /// Wall-clock seconds of each run, in order.
    var seconds: [Double] = []
    /// CPU seconds (user + system) of each run: the machine is shared, so wall time includes
    /// waiting for a core; CPU time is what the reader itself costs.
    var cpuSeconds: [Double] = []
    /// Peak resident set of the child process (getrusage ru_maxrss), in KiB.
    var peakKiB = 0
    /// FNV-1a over every field's bytes, with separators between fields and rows.
    var digest: UInt64 = 0
    /// Some rows by 0-based data-row index (see ``isSampled(_:)``), as strings.
    var samples: [Int: [String]] = [:]
    /// Set when the reader threw or reported an error.
    var error: String?
    /// Something worth saying that is not a wrong result (e.g. a spurious error at the end of file).
    var note: String?
    /// For the loader: rows of every file and the seconds of the whole load (best run).
    var allRows = 0
    var allSeconds = 0.0
    var allCPUSeconds = 0.0

    var bestSeconds: Double { seconds.min() ?? .nan }
    var bestCPUSeconds: Double { cpuSeconds.min() ?? .nan }
}

/// Rows whose values are compared between readers besides the digest: the first ten, every power
/// of ten and every 250,000th.
func isSampled(_ row: Int) -> Bool {
    if row < 10 || row % 250_000 == 0 { return true }
    var power = 10
    while power < row { power *= 10 }
    return power == row
}

/// An order-sensitive 64-bit FNV-1a digest of the fields of a file.
struct FieldDigest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    @inline(__always)
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        var hash = value
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* Self.prime }
        value = (hash ^ 0x1F) &* Self.prime
    }

    mutating func add(_ field: String) {
        var field = field
        field.withUTF8 { add($0) }
    }

    mutating func endRow() { value = (value ^ 0x1E) &* Self.prime }
}

/// Runs `body` up to `maxRuns` times, stopping early once a run took more than `patience` CPU
/// seconds (the slow third-party readers on a large file); keeps the result of the last run.
func timedRuns(maxRuns: Int, patience: Double = 20, _ body: () throws -> ReadResult) rethrows -> ReadResult {
    var result = ReadResult()
    var seconds: [Double] = []
    var cpuSeconds: [Double] = []
    for _ in 0 ..< maxRuns {
        let start = ContinuousClock.now
        let cpuStart = processCPUSeconds()
        result = try body()
        cpuSeconds.append(processCPUSeconds() - cpuStart)
        seconds.append((ContinuousClock.now - start).seconds)
        if result.error != nil || cpuSeconds.last! > patience { break }
    }
    result.seconds = seconds
    result.cpuSeconds = cpuSeconds
    result.peakKiB = peakResidentKiB()
    return result
}

/// The process's peak resident set in KiB (Linux reports ru_maxrss in KiB, macOS in bytes).
func peakResidentKiB() -> Int {
    var usage = rusage()
    #if canImport(Darwin)
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss) / 1024
    #else
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss)
    #endif
}

/// CPU seconds (user + system) this process has used so far.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
