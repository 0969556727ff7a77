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
/// **Two characters off**, for long values only: a reading of at least ``twoEditLength``
/// characters that is not one character off any known value is taken for the one known value
/// of its kind, also that long, that it misses by two edits (two characters read otherwise, or
/// one read otherwise and one added or lost: `wxid_45493ccaixbxty` for `wxid_454g3ccaixbxtu`).
/// Why this is safe: a value that long is a generated id (`wxid_` and 14 letters and digits) or
/// a long e-mail; a random generated id lies within two substitutions of a given one with odds
/// of about 2·10⁻¹⁷ (C(14,2)·35² ≈ 111,000 neighbours among 36¹⁴ ids), so even against a
/// million known ids a reading two edits from one is that id misread, not another real one —
/// and any second known value within two edits (`zhangwei19880101` beside `zhangwei19880107`,
/// ids people chose) means no correction. Phones (E.164, at most 15 characters with their `+`),
/// QQ numbers and short ids never take two: with 100,000 known mobiles, about one unknown
/// number in 16 is two digits from one of them.
///
/// Candidates are found without comparing all pairs: two values one character apart share
/// their first half or their second half exactly, so known values are indexed by both halves;
/// two values two edits apart share one of the three thirds of the known value exactly, moved
/// by at most two places, so long known values are indexed by their thirds.
///
/// - Complexity: O(n) to index n identifiers; per reading, O(candidates sharing a half or a third).
struct ReadingCorrection {
    static let anySubstitutionLength = 12
    /// Values at least this long (without their kind) may be corrected two edits away.
    static let twoEditLength = 16
    /// Confidence taken off a corrected reading (as for a corrected digit).
    static let penalty = 0.05
    /// What stands in a reading for a character OCR could not make out (``TextExtractor``'s `erasure`).
    static let erasure: Character = "?"

    private var byKey: [String: Int32] = [:]
    private var byFirstHalf: [String: [Int32]] = [:]
    private var bySecondHalf: [String: [Int32]] = [:]
    /// Long keys by (their length, which third, the third's text).
    private var byThird: [String: [Int32]] = [:]
    private var keys: [String]

    /// Indexes `keys` (kind + folded value of each known identifier; "" for none).
    init(keys: [String]) {
        self.keys = keys
        for (identifier, key) in keys.enumerated() where !key.isEmpty {
            if byKey[key] == nil { byKey[key] = Int32(identifier) }
            let (first, second) = Self.halves(key)
            byFirstHalf[first, default: []].append(Int32(identifier))
            bySecondHalf[second, default: []].append(Int32(identifier))
            let characters = Array(key)
            guard Self.valueLength(characters) >= Self.twoEditLength else { continue }
            for (part, range) in Self.thirds(characters.count).enumerated() {
                byThird[Self.thirdKey(characters.count, part, characters[range]), default: []].append(Int32(identifier))
            }
        }
    }

    /// The length of a key's value, without the "kind\u{1F}" keys start with.
    private static func valueLength(_ characters: [Character]) -> Int {
        characters.count - (characters.firstIndex(of: "\u{1F}").map { $0 + 1 } ?? 0)
    }

    /// A key of `length` characters cut in three.
    private static func thirds(_ length: Int) -> [Range<Int>] {
        let first = length / 3, second = 2 * length / 3
        return [0 ..< first, first ..< second, second ..< length]
    }

    private static func thirdKey(_ length: Int, _ part: Int, _ text: ArraySlice<Character>) -> String {
        "\(length)|\(part)|" + String(text)
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
        if found == nil, Self.valueLength(characters) >= Self.twoEditLength {
            return twoEdits(of: characters)
        }
        return found
    }

    /// The one known long identifier two edits (substitutions, insertions, deletions) from `key`.
    ///
    /// Called only when no known value is one character off: every known value within two
    /// edits is a candidate, and two candidates mean no correction.
    private func twoEdits(of characters: [Character]) -> (identifier: Int32, change: String)? {
        var seen = Set<Int32>()
        var found: (identifier: Int32, distance: Int)?
        // Two edits touch at most two of a known value's thirds: the third left whole is in the
        // reading, at most two places from where it is in the known value.
        for length in max(1, characters.count - 2) ... characters.count + 2 {
            for (part, range) in Self.thirds(length).enumerated() where !range.isEmpty {
                for shift in -2 ... 2 {
                    let start = range.lowerBound + shift, end = range.upperBound + shift
                    guard start >= 0, end <= characters.count else { continue }
                    for candidate in byThird[Self.thirdKey(length, part, characters[start ..< end])] ?? [] where seen.insert(candidate).inserted {
                        guard let distance = Self.editDistance(characters, Array(keys[Int(candidate)]), atMost: 2), distance > 0 else { continue }
                        if found != nil { return nil }  // two candidates: no correction
                        found = (candidate, distance)
                    }
                }
            }
        }
        return found.map { ($0.identifier, $0.distance == 1 ? "a character lost" : "two characters misread, added or lost") }
    }

    /// The edit distance (Levenshtein) between `a` and `b` if it is at most `limit`, else nil:
    /// over characters, so that a Chinese character misread counts once (``BoundedEdits``).
    static func editDistance(_ a: [Character], _ b: [Character], atMost limit: Int) -> Int? {
        BoundedEdits.distance(a, b, atMost: limit)
    }

    /// The one known identifier `key` reads with one character erased (`wechat␟guopin2?7`, the
    /// `?` where OCR put a sign for a character it could not make out): the known value of the
    /// same length equal to it everywhere else. Two candidates mean none. Values of at least six
    /// characters (a WeChat id's least): the erased place is known, so only the known ids that
    /// differ from the reading in that one place compete, and any second one means no correction.
    func erasure(of key: String, erased: Character) -> (identifier: Int32, change: String)? {
        let characters = Array(key)
        guard characters.filter({ $0 == erased }).count == 1, let position = characters.firstIndex(of: erased),
              Self.valueLength(characters) >= 6 else { return nil }
        let (first, second) = Self.halves(key)
        let middle = characters.count / 2
        // The half without the erasure is read whole.
        var found: (Int32, Character)?
        for candidate in (position >= middle ? byFirstHalf[first] : bySecondHalf[second]) ?? [] {
            let known = Array(keys[Int(candidate)])
            guard known.count == characters.count,
                  zip(characters, known).enumerated().allSatisfy({ $0.offset == position || $0.element.0 == $0.element.1 }) else { continue }
            if let already = found, already.0 != candidate { return nil }  // two candidates: no correction
            found = (candidate, known[position])
        }
        return found.map { ($0.0, "an unreadable sign read for \($0.1)") }
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
