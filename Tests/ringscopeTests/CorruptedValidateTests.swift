import Foundation
import Testing
import TestFixtures

/// Issue 14's property test at the level of the command: `ringscope validate` on randomly
/// corrupted copies of the mini world exits 0 or 1, never by a signal, within a time and
/// memory bound. (The in-process `CorruptedDatasetPropertyTests` runs thousands of copies;
/// starting the program is what this adds.)
@Suite struct CorruptedValidateTests {
    @Test func validateOnCorruptedCopiesExitsZeroOrOne() throws {
        let scratch = Scratch()
        var state: UInt64 = 14
        func random(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let inserts = ["\"", ",", "\n", "\r", "\u{0}", "\u{FFFD}", "0x10", "9223372036854775807", "\"\"", "nan", String(repeating: "x", count: 70_000)]
        for run in 0 ..< 12 {
            let dataset = try scratch.dataset("copy\(run)") { files in
                let names = files.keys.sorted()
                for _ in 0 ... random(3) {
                    let name = names[random(names.count)]
                    var bytes = Array(files[name]!.utf8)
                    let position = random(bytes.count)
                    switch random(4) {
                    case 0: bytes.insert(contentsOf: Array(inserts[random(inserts.count)].utf8), at: position)
                    case 1: bytes[position] ^= 0x80
                    case 2: bytes = Array(bytes.prefix(position))
                    default: bytes.removeSubrange(position ..< min(bytes.count, position + 30))
                    }
                    files[name] = String(decoding: bytes, as: UTF8.self)
                }
            }
            let outcome = CommandRunner.run(["validate", dataset, "--quiet"], timeLimit: 30)
            #expect(outcome.signal == nil && !outcome.timedOut && (outcome.status == 0 || outcome.status == 1), "copy \(run): \(outcome.description)")
            #expect(outcome.seconds < 20 && outcome.peakBytes < 200 << 20, "copy \(run): \(outcome.seconds) s, \(outcome.peakBytes >> 20) MB")
        }
    }
}
