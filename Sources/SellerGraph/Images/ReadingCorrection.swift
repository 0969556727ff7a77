/// Corrects an identifier read from an image to a known identifier of the dataset that it
/// misses by one character, the way OCR misses (`wxid_skiircn886ssed` for the known
/// `wxid_5kiircn886ssed`, an s read for a 5).
///
/// A reading is corrected only when its folded value is not itself known, exactly one known
/// identifier of its kind has a folded value of the same length that differs in exactly one
/// place, and that difference is one OCR makes: a pair of look-alike characters (0/o/d/q,
/// 1/l/i/7/t, 2/z, 4/a, 5/s, 6/b/g, 8/b/s/3, 9/g/q, c/e/o, u/v, m/n, h/n) — or, for a value of
/// at least ``anySubstitutionLength`` characters, any one character (one wrong character in
/// twelve cannot turn one real id into another by chance). A reading one character *longer*
/// than a known value of at least ``anySubstitutionLength`` characters, equal to it with that
/// character taken out, is also taken for it: OCR adds a character where a sticker's edge or a
/// decoration touches the text (`wxid_pm37jma3x2eya8s` for `wxid_pm37jma3x2eya8`). Two known
/// candidates mean no correction: the reading stays as read.
///
/// Candidates are found without comparing all pairs: two values one character apart share
/// their first half or their second half exactly, so known values are indexed by both halves.
///
/// - Complexity: O(n) to index n identifiers; per reading, O(candidates sharing a half).
struct ReadingCorrection {
    static let anySubstitutionLength = 12
    /// Confidence taken off a corrected reading (as for a corrected digit).
    static let penalty = 0.05

    private var byKey: [String: Int32] = [:]
    private var byFirstHalf: [String: [Int32]] = [:]
    private var bySecondHalf: [String: [Int32]] = [:]
    private var keys: [String]

    /// Indexes `keys` (kind + folded value of each known identifier; "" for none).
    init(keys: [String]) {
        self.keys = keys
        for (identifier, key) in keys.enumerated() where !key.isEmpty {
            if byKey[key] == nil { byKey[key] = Int32(identifier) }
            let (first, second) = Self.halves(key)
            byFirstHalf[first, default: []].append(Int32(identifier))
            bySecondHalf[second, default: []].append(Int32(identifier))
        }
    }

    /// The one known identifier `key` is a misreading of, and how it was misread (`s read for 5`,
    /// `an extra s read`).
    func correction(of key: String) -> (identifier: Int32, change: String)? {
        let characters = Array(key)
        // The value starts after the "kind\u{1F}" the keys start with.
        let valueStart = characters.firstIndex(of: "\u{1F}").map { $0 + 1 } ?? 0
        var found = substitution(of: key)
        if characters.count - valueStart > Self.anySubstitutionLength {
            for position in valueStart ..< characters.count {
                var shorter = characters
                let extra = shorter.remove(at: position)
                guard let known = byKey[String(shorter)], known != found?.identifier else { continue }
                if found != nil { return nil }  // two candidates: no correction
                found = (known, "an extra \(extra) read")
            }
        }
        return found
    }

    /// The one known identifier of the same length one substituted character away.
    private func substitution(of key: String) -> (identifier: Int32, change: String)? {
        let (first, second) = Self.halves(key)
        var found: (Int32, Character, Character)?
        var seen = Set<Int32>()
        let characters = Array(key)
        for candidate in (byFirstHalf[first] ?? []) + (bySecondHalf[second] ?? []) where seen.insert(candidate).inserted {
            let known = Array(keys[Int(candidate)])
            guard known.count == characters.count else { continue }
            var difference: (Character, Character)?
            var count = 0
            for (a, b) in zip(characters, known) where a != b {
                count += 1
                difference = (a, b)
                if count > 1 { break }
            }
            guard count == 1, let (read, truth) = difference else { continue }
            // The length of the value, without the "kind\u{1F}" the keys start with.
            let valueLength = characters.count - (characters.firstIndex(of: "\u{1F}").map { $0 + 1 } ?? 0)
            guard valueLength >= Self.anySubstitutionLength || Self.lookAlike(read, truth) else { continue }
            if found != nil { return nil }  // two candidates: no correction
            found = (candidate, read, truth)
        }
        return found.map { ($0.0, "\($0.1) read for \($0.2)") }
    }

    private static func halves(_ key: String) -> (String, String) {
        let characters = Array(key)
        let middle = characters.count / 2
        return (String(characters[..<middle]), String(characters[middle...]) + "#\(characters.count)")
    }

    static let lookAlikeGroups: [Set<Character>] = [
        ["0", "o", "d", "q"], ["1", "l", "i", "7", "t"], ["2", "z"], ["5", "s"], ["6", "b", "g"], ["8", "b", "s", "3"],
        ["9", "g", "q"], ["c", "e", "o"], ["u", "v"], ["m", "n"], ["h", "n"], ["4", "a"],
    ]

    static func lookAlike(_ a: Character, _ b: Character) -> Bool {
        lookAlikeGroups.contains { $0.contains(a) && $0.contains(b) }
    }
}
