import Foundation
import SellerGraph

/// One thing found in an image's text: a phone, a WeChat or QQ id, an e-mail, a website or an
/// address, with where it is and how sure the reading is.
public struct Extraction: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case identifier(IdentifierKind)
        /// Address text (a return or sender address on a label); reported, not linked.
        case address

        public var name: String {
            switch self {
            case .identifier(let kind): kind.rawValue
            case .address: "address"
            }
        }
    }

    public var kind: Kind
    /// The item as read, OCR confusions inside it corrected (`+86 138 0013 8000`, `wxid_ab12cd`).
    public var value: String
    /// Its box on the image as stored.
    public var box: ImageBox
    /// The mean confidence of its words, lowered by ``TextExtractor/correctionPenalty`` per
    /// character that had to be corrected.
    public var confidence: Double
    /// The line it was read from, as read.
    public var text: String
    /// False for a token shaped like a WeChat id with no label before it: it stands for an
    /// identifier only if the dataset knows one by that value (``SellerNetwork/addingReadings(_:)``).
    public var isLabelled = true
}

/// Finds identifiers and address text in what tesseract read, surviving the usual OCR
/// confusions.
///
/// Text is read line by line (words joined by one space). Before matching, full-width forms
/// are narrowed (`１３８` → `138`, `＠` → `@`). Inside a run that is mostly digits, letters OCR
/// confuses with digits are read as the digits they stand for — O, o, D, Q → 0; l, I, i, |, ! → 1
/// (and `[`, `]` inside a number: a serif 1);
/// Z, z → 2; S, s → 5; G, b → 6; B → 8; g, q → 9 (at most two in a row, next to a real digit) —
/// and spaces, dashes, dots and brackets inside
/// a number are separators (`138 0013 8000`, `(0755) 8888-1234`). Each correction lowers the
/// item's confidence by ``correctionPenalty``.
/// - **Phones**: a run of 7–15 digits (at most a third of them corrected) that folds to E.164
///   (``PhoneNumber``): a Chinese mobile, a landline with its trunk 0, a 400/800 number or a
///   `+`/`00` international number. A landline written without its trunk 0 or a local number
///   only on a line that says it is a phone (`电话`, `Tel`, `手机`, `☎`), since order and tracking
///   numbers look the same.
/// - **WeChat ids**: the token after a WeChat label (`微信`, `微信号`, `V信`, `VX`, `WeChat`,
///   `wx`…, also at the start of the next line) that has a WeChat id's form or is a phone;
///   anywhere, a token starting `wxid_`.
/// - **QQ numbers**: 5–11 digits after `QQ`, `扣扣` or `Q:`, and the number of a `@qq.com` address.
/// - **E-mails**: `local@domain.tld`, spaces around `@` and `.` closed up, `,com`/`。com` read as `.com`.
/// - **Websites**: tokens starting `www.` or `http`, or ending in a common top-level domain.
/// - **Addresses**: lines holding address words (`路`, `号`, `室`, `栋`, `区`, `Road`, `Rm`,
///   `District`…) or following a sender/return label, joined when consecutive.
public enum TextExtractor {
    /// Confidence taken off per character corrected.
    public static let correctionPenalty = 0.05

    public static func extract(from text: OCRText) -> [Extraction] {
        var found: [Extraction] = []
        let lines = text.lines.map(Line.init)
        var addressRun: [Line] = []
        func flushAddress() {
            guard !addressRun.isEmpty else { return }
            let joined = addressRun.map { $0.text }.joined(separator: " ")
            let box = addressRun.dropFirst().reduce(addressRun[0].box) { $0.union($1.box) }
            let confidence = addressRun.map(\.confidence).reduce(0, +) / Double(addressRun.count)
            found.append(Extraction(kind: .address, value: stripAddressLabel(joined), box: box, confidence: confidence, text: joined))
            addressRun.removeAll()
        }
        for (index, line) in lines.enumerated() {
            let next = index + 1 < lines.count ? lines[index + 1] : nil
            found += phones(in: line)
            found += weChatIds(in: line, next: next)
            found += qqNumbers(in: line)
            found += emails(in: line)
            found += websites(in: line)
            if isAddress(line.text) || (!addressRun.isEmpty && continuesAddress(line.text)) {
                addressRun.append(line)
            } else {
                flushAddress()
            }
        }
        flushAddress()
        // One item per kind and value, the most confident reading kept.
        var best: [String: Int] = [:]
        var unique: [Extraction] = []
        for item in found {
            let key = item.kind.name + "\u{1F}" + item.value
            if let at = best[key] {
                if item.confidence > unique[at].confidence { unique[at] = item }
            } else {
                best[key] = unique.count
                unique.append(item)
            }
        }
        return unique
    }

    // MARK: - Lines

    /// A line as one string, with the character range of each word (to box a match).
    struct Line {
        var text: String
        var characters: [Character]
        var words: [OCRWord]
        /// For each word, its first character offset and its length in `characters`.
        var spans: [(start: Int, length: Int)]

        init(_ words: [OCRWord]) {
            self.words = words
            var characters: [Character] = []
            var spans: [(Int, Int)] = []
            for word in words {
                let narrowed = Array(TextExtractor.readingLookalikes(IdentifierText.narrowed(word.text)))
                // tesseract reads Chinese a character a word; Chinese is written without spaces.
                if let last = characters.last, let first = narrowed.first, !last.isCJK && !first.isCJK { characters.append(" ") }
                spans.append((characters.count, narrowed.count))
                characters += narrowed
            }
            self.characters = TextExtractor.readingCJKInsideNumbers(characters)
            self.spans = spans
            text = String(self.characters)
        }

        var box: ImageBox {
            words.dropFirst().reduce(ImageBox(words[0])) { $0.union(ImageBox($1)) }
        }

        var confidence: Double { words.map(\.confidence).reduce(0, +) / Double(max(1, words.count)) }

        /// The box and mean confidence of the words a character range touches.
        func locate(_ range: Range<Int>) -> (box: ImageBox, confidence: Double) {
            var box: ImageBox?
            var total = 0.0, count = 0
            for (index, span) in spans.enumerated() where span.start < range.upperBound && span.start + span.length > range.lowerBound {
                let wordBox = ImageBox(words[index])
                box = box.map { $0.union(wordBox) } ?? wordBox
                total += words[index].confidence
                count += 1
            }
            return (box ?? ImageBox(x: 0, y: 0, width: 0, height: 0), count > 0 ? total / Double(count) : 0)
        }

        func item(_ kind: Extraction.Kind, _ value: String, _ range: Range<Int>, corrections: Int) -> Extraction {
            let (box, confidence) = locate(range)
            return Extraction(kind: kind, value: value, box: box,
                              confidence: max(0, confidence - Double(corrections) * TextExtractor.correctionPenalty), text: text)
        }
    }

    /// A line's words as one string, as extraction reads it (no space between Chinese characters).
    public static func joined(_ words: [OCRWord]) -> String { Line(words).text }

    /// Signs tesseract reads for Latin letters inside an id (`wxid_ab12¢d34`): ¢ and © are c.
    /// Only between ASCII letters or digits, so a price's ¥ or a © line keep their meaning.
    static func readingLookalikes(_ word: String) -> String {
        let characters = Array(word)
        var result = ""
        for (index, character) in characters.enumerated() {
            let before = index > 0 ? characters[index - 1] : " ", after = index + 1 < characters.count ? characters[index + 1] : " "
            let inside = (before.isASCII && (before.isLetter || before.isNumber || before == "_")) && (after.isASCII && (after.isLetter || after.isNumber))
            if inside, character == "¢" || character == "©" { result.append("c") } else { result.append(character) }
        }
        return result
    }

    /// Chinese characters tesseract's Chinese model reads for signs inside a number, between
    /// digits (a space between allowed): `一` (the ideograph one) for a dash (`027一8885 2022`),
    /// `〇` (ideographic zero) for a 0. One for one, so word spans stay valid.
    static func readingCJKInsideNumbers(_ characters: [Character]) -> [Character] {
        var result = characters
        func digitNear(_ index: Int, step: Int) -> Bool {
            var at = index + step
            if at >= 0, at < characters.count, characters[at] == " " { at += step }
            return at >= 0 && at < characters.count && characters[at].isASCII && characters[at].isNumber
        }
        for (index, character) in characters.enumerated() where character == "一" || character == "〇" {
            guard digitNear(index, step: -1), digitNear(index, step: 1) else { continue }
            result[index] = character == "一" ? "-" : "0"
        }
        return result
    }

    // MARK: - Digits

    /// The digit a character stands for in a run of digits, and whether it had to be corrected.
    static func digit(_ character: Character) -> (Character, corrected: Bool)? {
        if character.isASCII && character.isNumber { return (character, false) }
        switch character {
        case "O", "o", "D", "Q": return ("0", true)
        case "l", "I", "i", "|", "!", "]", "[": return ("1", true)
        case "Z", "z": return ("2", true)
        case "S", "s": return ("5", true)
        case "G", "b": return ("6", true)
        case "B": return ("8", true)
        case "g", "q": return ("9", true)
        default: return nil
        }
    }

    /// A group of digit-like characters with no separator inside.
    struct DigitGroup {
        var range: Range<Int>
        var digits: String
        var corrections: Int
        var plus: Bool
    }

    /// Groups of digits (a confusable letter counts only next to a real digit, never two in a
    /// row, never at a group's end), in runs: groups apart by at most three separators
    /// (space, `-`, `.`, brackets, `/`) belong to one run.
    static func digitRuns(in characters: [Character]) -> [[DigitGroup]] {
        var groups: [DigitGroup] = []
        var index = 0
        while index < characters.count {
            let plus = characters[index] == "+"
            var cursor = plus ? index + 1 : index
            var digits = "", corrections = 0, end = cursor, correctedInARow = 0, sawDigit = false
            while cursor < characters.count, let (value, corrected) = digit(characters[cursor]) {
                let digitFollows = cursor + 1 < characters.count && characters[cursor + 1].isASCII && characters[cursor + 1].isNumber
                if corrected && (correctedInARow == 2 || (!sawDigit && !digitFollows)) { break }
                // A square bracket is a 1 only inside a number, and `]` not when it closes a `[`.
                if characters[cursor] == "[" || characters[cursor] == "]" {
                    if !sawDigit { break }
                    if characters[cursor] == "]", characters[..<cursor].last(where: { $0 == "[" || $0 == "]" }) == "[" { break }
                }
                digits.append(value)
                if corrected { corrections += 1; correctedInARow += 1 } else { sawDigit = true; correctedInARow = 0 }
                cursor += 1
                end = cursor
            }
            // Letters at the end belong to the next word when a letter follows them ("8000Shop").
            let wordGoesOn = end < characters.count && characters[end].isLetter
            while wordGoesOn, let last = characters[(plus ? index + 1 : index) ..< end].last, digit(last)?.corrected == true {
                end -= 1
                digits.removeLast()
                corrections -= 1
            }
            if sawDigit, !digits.isEmpty {
                groups.append(DigitGroup(range: index ..< end, digits: digits, corrections: corrections, plus: plus))
                index = end
            } else {
                index += 1
            }
        }
        var runs: [[DigitGroup]] = []
        for group in groups {
            if let last = runs.last?.last, group.range.lowerBound - last.range.upperBound <= 3, !group.plus,
               characters[last.range.upperBound ..< group.range.lowerBound].allSatisfy({ " -.()[]/".contains($0) }) {
                runs[runs.count - 1].append(group)
            } else {
                runs.append([group])
            }
        }
        return runs
    }

    /// The longest stretches of consecutive groups of a run whose joined digits `accept`, left to right.
    static func numbers(in run: [DigitGroup], accept: (String, _ corrections: Int) -> Bool) -> [(range: Range<Int>, written: String, corrections: Int)] {
        var found: [(Range<Int>, String, Int)] = []
        var first = 0
        while first < run.count {
            var match: (Int, String, Int)?
            var digits = run[first].plus ? "+" : "", corrections = 0
            for last in first ..< min(run.count, first + 6) {
                digits += run[last].digits
                corrections += run[last].corrections
                if accept(digits, corrections) { match = (last, digits, corrections) }
            }
            if let (last, written, corrections) = match {
                found.append((run[first].range.lowerBound ..< run[last].range.upperBound, written, corrections))
                first = last + 1
            } else {
                first += 1
            }
        }
        return found
    }

    // MARK: - Phones

    static let phoneLabels = ["电话", "手机", "tel", "phone", "mobile", "mob", "☎", "📞", "联系", "热线", "hotline", "call", "cell", "电話", "手机号"]

    static func phones(in line: Line) -> [Extraction] {
        let lowered = line.text.lowercased()
        let labelled = phoneLabels.contains { lowered.contains($0) }
        var found: [Extraction] = []
        for whole in digitRuns(in: line.characters) {
            var run = whole
            let runDigits = run.reduce(0) { $0 + $1.digits.count }
            let accept = { (written: String, corrections: Int) -> Bool in
                let count = written.filter(\.isNumber).count
                guard (7 ... 15).contains(count), corrections * 3 <= count else { return false }
                let folded = PhoneNumber.fold(written)
                // A local number only as a whole run on a phone's line: not a piece of a longer number.
                if folded.key.hasPrefix("CN-local:") { return labelled && corrections == 0 && count == runDigits }
                guard folded.key.hasPrefix("+") else { return false }
                let loose = folded.reason.contains("landline") && folded.reason.contains("without country code")
                return !loose || labelled
            }
            var numbers = numbers(in: run, accept: accept)
            // A look-alike closing the run may be no digit at all: a divider or a frame's edge
            // against the number (`13800138000|微信`, `199-6559-3010|`). When the run reads as no
            // number with it, it is read without it.
            if numbers.isEmpty, let last = run.last, last.corrections > 0, last.digits.count > 1,
               let final = line.characters[last.range].last, digit(final)?.corrected == true {
                run[run.count - 1].range = last.range.lowerBound ..< last.range.upperBound - 1
                run[run.count - 1].digits.removeLast()
                run[run.count - 1].corrections -= 1
                numbers = self.numbers(in: run, accept: accept)
            }
            for number in numbers {
                found.append(line.item(.identifier(.phone), number.written, number.range, corrections: number.corrections))
            }
        }
        return found
    }

    // MARK: - WeChat and QQ

    static let weChatLabels = ["微信号", "微信", "薇信", "威信", "徽信", "v信", "wechat", "we chat", "weixin", "vx", "wx", "加v", "+v", "v:", "v："]

    static func weChatIds(in line: Line, next: Line?) -> [Extraction] {
        var found: [Extraction] = []
        let lowered = Array(line.text.lowercased())
        for label in weChatLabels {
            var from = 0
            while let at = find(Array(label), in: lowered, from: from) {
                from = at + label.count
                // "vx" inside a word ("vxid") is no label: the character before must not be a letter.
                if at > 0, lowered[at - 1].isASCII, lowered[at - 1].isLetter, label.first!.isASCII { continue }
                let separators = " :：-号="
                var cursor = from
                while cursor < lowered.count, separators.contains(lowered[cursor]) { cursor += 1 }
                // The word "ID" after the label ("WeChat ID:", "wechatid"), not the first letters of
                // an id (until v11 every i and d was skipped here: `deng-vip964` read as `eng-vip964`).
                if cursor + 1 < lowered.count, lowered[cursor] == "i", lowered[cursor + 1] == "d",
                   cursor + 2 == lowered.count || separators.contains(lowered[cursor + 2]) {
                    cursor += 2
                    while cursor < lowered.count, separators.contains(lowered[cursor]) { cursor += 1 }
                } else if label.first!.isASCII, cursor == from, cursor < lowered.count, lowered[cursor].isASCII,
                          lowered[cursor].isLetter || lowered[cursor].isNumber || lowered[cursor] == "_" {
                    continue  // a Latin label glued to a word is part of it ("wxid_…", read below)
                }
                let items = labelledToken(in: line, from: cursor)
                if !items.isEmpty {
                    found += items
                } else if cursor >= lowered.count, let next {
                    // The id on the line under its label.
                    var start = 0
                    while start < next.characters.count, " :：-".contains(next.characters[start]) { start += 1 }
                    found += labelledToken(in: next, from: start)
                }
            }
        }
        // Tokens shaped like a WeChat id (letters and digits, 6–20, a letter first), unlabelled:
        // candidates only, linked when the dataset knows the id (the label may be unreadable).
        var start = 0
        for (index, word) in line.words.enumerated() {
            defer { start += line.spans[index].length + 1 }
            let token = String(line.characters[line.spans[index].start ..< line.spans[index].start + line.spans[index].length]).lowercased()
            guard MessagingId.isWeChatId(token), token.contains(where: \.isNumber), !token.hasPrefix("wxid_"), !found.contains(where: { $0.value == token }) else { continue }
            var item = line.item(.identifier(.wechat), token, line.spans[index].start ..< line.spans[index].start + line.spans[index].length, corrections: 0)
            item.isLabelled = false
            found.append(item)
        }
        found += separatorLostCandidates(in: line, besides: found)
        // "wxid_" anywhere (OCR may put a space after the underscore).
        var from = 0
        let prefix = Array("wxid_")
        while let at = find(prefix, in: lowered, from: from) {
            from = at + prefix.count
            if let item = weChatToken(in: line, from: at) {
                found.append(item)
                if let whole = splitWxid(item, at: at, in: line) { found.append(whole) }
            }
        }
        // "wxid rnmmp2inan87wb": the `_` of a generated id read as a space (a thin stroke on the
        // baseline, which blur erases). "wxid" alone is no WeChat id (too short), and `wxid_` is
        // the fixed start of WeChat's generated ids: the word and the token after it are one id.
        from = 0
        while let at = find(Array("wxid "), in: lowered, from: from) {
            from = at + 5
            guard at == 0 || !(lowered[at - 1].isASCII && (lowered[at - 1].isLetter || lowered[at - 1].isNumber || lowered[at - 1] == "_")),
                  at + 5 < lowered.count, lowered[at + 5].isASCII, lowered[at + 5].isLetter || lowered[at + 5].isNumber else { continue }
            var joined = line
            joined.characters[at + 4] = "_"
            joined.text = String(joined.characters)
            // WeChat's generated ids have a long random tail (`wxid_` and 14): a short word after
            // "wxid" is not one.
            guard var item = weChatToken(in: joined, from: at), item.value.hasPrefix("wxid_"), item.value.count >= 5 + 8,
                  !found.contains(where: { $0.value == item.value }) else { continue }
            item.text = line.text
            item.confidence = max(0, item.confidence - correctionPenalty)  // one correction, as for a digit
            found.append(item)
        }
        return found
    }

    /// Tesseract often reads an id's `_` as a space (the underscore is a thin stroke on the
    /// baseline; JPEG and blur erase it) and sometimes a `-` too: `WeChat ID: lin hao780` for
    /// `lin_hao780`. Two neighbouring words of letters and digits (the first starting with a
    /// letter, the second holding a digit) are also read joined by `_`, by `-` and by nothing,
    /// each an unlabelled candidate that links only to an id the dataset knows (which separator
    /// was lost cannot be told).
    static func separatorLostCandidates(in line: Line, besides found: [Extraction]) -> [Extraction] {
        var candidates: [Extraction] = []
        func token(_ index: Int) -> String {
            String(line.characters[line.spans[index].start ..< line.spans[index].start + line.spans[index].length])
        }
        func isPiece(_ text: String) -> Bool {
            !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        }
        for index in line.words.indices.dropLast() {
            let first = token(index), second = token(index + 1)
            // The second piece carries the id's digits; a bare number after a whole word is a
            // word and a number ("Adidas 2024"), not a broken id; `wxid_` ids are splitWxid's.
            guard isPiece(first), isPiece(second), first.first!.isLetter, !first.lowercased().hasPrefix("wxid"),
                  second.contains(where: \.isNumber), second.contains(where: \.isLetter) || first.count < 6,
                  line.spans[index + 1].start == line.spans[index].start + line.spans[index].length + 1 else { continue }
            let range = line.spans[index].start ..< line.spans[index + 1].start + line.spans[index + 1].length
            for separator in ["_", "-", ""] {
                let joined = (first + separator + second).lowercased()
                guard MessagingId.isWeChatId(joined), joined.contains(where: \.isNumber),
                      !found.contains(where: { $0.value == joined }), !candidates.contains(where: { $0.value == joined }) else { continue }
                var item = line.item(.identifier(.wechat), joined, range, corrections: 1)
                item.isLabelled = false
                candidates.append(item)
            }
        }
        return candidates
    }

    /// Generated WeChat ids are `wxid_` and 14 letters and digits; tesseract sometimes breaks one
    /// at a wide gap between two letters (`wxid_jvvteuf7w8a2 pf`). A `wxid_` token shorter than
    /// that, followed on its line by a fragment of letters and digits that brings it to exactly
    /// 14, is also read joined — as an unlabelled candidate, linked only when the dataset knows
    /// the joined id (the short token itself may be the true id: both are kept).
    static func splitWxid(_ item: Extraction, at start: Int, in line: Line) -> Extraction? {
        let generatedLength = 5 + 14
        let end = start + item.value.count
        guard item.value.hasPrefix("wxid_"), item.value.count < generatedLength, end < line.characters.count,
              String(line.characters[start ..< end]).lowercased() == item.value, line.characters[end] == " " else { return nil }
        var fragmentEnd = end + 1
        while fragmentEnd < line.characters.count, line.characters[fragmentEnd].isASCII,
              line.characters[fragmentEnd].isLetter || line.characters[fragmentEnd].isNumber {
            fragmentEnd += 1
        }
        let fragment = String(line.characters[end + 1 ..< fragmentEnd]).lowercased()
        guard !fragment.isEmpty, item.value.count + fragment.count == generatedLength,
              fragmentEnd == line.characters.count || !line.characters[fragmentEnd].isLetter else { return nil }
        var whole = line.item(.identifier(.wechat), item.value + fragment, start ..< fragmentEnd, corrections: 0)
        whole.isLabelled = false
        return whole
    }

    /// What stands for a character tesseract could not make out, in a reading with an erasure
    /// (``labelledToken(in:from:)``); never in a WeChat id.
    public static let erasure: Character = "?"

    /// The id after a WeChat label (``weChatToken(in:from:)``) — and, when it stops at a sign
    /// glued between id characters (`guopin2>7`, `deng-shop1~6`), the reading with that sign as
    /// an erasure (`guopin2?7`).
    ///
    /// Why: where blur or noise leaves a character tesseract cannot make out it often puts a
    /// sign (`>`, `~`, `]`, `%`) rather than a letter; the token up to the sign is a piece of
    /// the id, not the id, so it is kept only as an unlabelled candidate (until v14 it was taken
    /// as the id: a false identifier), and the whole reading with the sign erased is matched to
    /// a known id that differs from it only there (``ReadingCorrection``): one character in a
    /// known place, not a guess of which character was misread. Only one sign, between id
    /// characters, at most 20 characters in all.
    static func labelledToken(in line: Line, from start: Int) -> [Extraction] {
        guard var item = weChatToken(in: line, from: start) else { return [] }
        let end = start + item.value.count
        guard end + 1 < line.characters.count, String(line.characters[start ..< end]).lowercased() == item.value,
              isUnreadableSign(line.characters[end]) else { return [item] }
        var restEnd = end + 1
        while restEnd < line.characters.count, isIdCharacter(line.characters[restEnd]) { restEnd += 1 }
        guard restEnd > end + 1, restEnd - start <= 20 else { return [item] }
        item.isLabelled = false
        let erased = item.value + String(erasure) + String(line.characters[end + 1 ..< restEnd]).lowercased()
        var whole = line.item(.identifier(.wechat), erased, start ..< restEnd, corrections: 1)
        whole.isLabelled = false
        return [item, whole]
    }

    static func isIdCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-")
    }

    /// A sign OCR puts for a character it could not read: ASCII, neither an id's character nor a
    /// space nor punctuation that ends a token in text (`,` `.` `;` `:` `/` `(` `)` `'` `"`).
    static func isUnreadableSign(_ character: Character) -> Bool {
        character.isASCII && !isIdCharacter(character) && !character.isWhitespace && !",.;:/()'\"@".contains(character)
    }

    /// The token starting at `start` (letters, digits, `_`, `-`), if it is a WeChat id or a phone.
    static func weChatToken(in line: Line, from start: Int) -> Extraction? {
        var end = start
        var skipped = 0
        if Array(line.characters[start...].prefix(6)) == Array("wxid_ "), start + 6 < line.characters.count, line.characters[start + 6].isASCII {
            // "wxid_ z7myk2": the space is OCR's.
            var joined = line
            joined.characters.remove(at: start + 5)
            joined.text = String(joined.characters)
            joined.spans = line.spans.map { span in span.start > start + 5 ? (span.start - 1, span.length) : span }
            skipped = 1
            return weChatToken(in: joined, from: start).map { item in
                var item = item
                item.text = line.text
                return item
            } ?? (skipped > 0 ? nil : nil)
        }
        while end < line.characters.count, line.characters[end].isASCII,
              line.characters[end].isLetter || line.characters[end].isNumber || line.characters[end] == "_" || line.characters[end] == "-" {
            end += 1
        }
        guard end > start else { return nil }
        let token = String(line.characters[start ..< end]).lowercased()
        if MessagingId.isWeChatId(token) {
            return line.item(.identifier(.wechat), token, start ..< end, corrections: 0)
        }
        // A WeChat contact given as a mobile number, digits possibly misread.
        var digits = "", corrections = 0
        for character in token {
            guard let (value, corrected) = digit(character) else { return nil }
            digits.append(value)
            if corrected { corrections += 1 }
        }
        guard PhoneNumber.fold(digits).key.hasPrefix("+86"), corrections * 3 <= digits.count else { return nil }
        return line.item(.identifier(.wechat), digits, start ..< end, corrections: corrections)
    }

    static let qqLabels = ["qq号", "qq", "扣扣", "q:", "q："]

    static func qqNumbers(in line: Line) -> [Extraction] {
        var found: [Extraction] = []
        let lowered = Array(line.text.lowercased())
        for label in qqLabels {
            var from = 0
            while let at = find(Array(label), in: lowered, from: from) {
                from = at + label.count
                if label.hasPrefix("q"), at > 0, lowered[at - 1].isASCII, lowered[at - 1].isLetter { continue }
                var cursor = from
                while cursor < lowered.count, " :：-号".contains(lowered[cursor]) { cursor += 1 }
                guard let run = digitRuns(in: Array(line.characters[cursor...])).first, run[0].range.lowerBound == 0,
                      let number = numbers(in: run, accept: { digits, corrections in
                          MessagingId.isQQNumber(digits) && corrections * 3 <= digits.count
                      }).first, number.range.lowerBound == 0 else { continue }
                found.append(line.item(.identifier(.qq), number.written, (cursor + number.range.lowerBound) ..< (cursor + number.range.upperBound),
                                       corrections: number.corrections))
            }
        }
        return found
    }

    // MARK: - E-mails and websites

    static func emails(in line: Line) -> [Extraction] {
        var found: [Extraction] = []
        let characters = line.characters
        for (at, character) in characters.enumerated() where character == "@" {
            // Local part leftwards (a space just before @ is closed up).
            var start = at
            var cursor = at - 1
            if cursor >= 0, characters[cursor] == " " { cursor -= 1 }
            while cursor >= 0, isEmailCharacter(characters[cursor]) { start = cursor; cursor -= 1 }
            // Domain rightwards, "," or "。" before a top-level domain read as ".".
            var domain = ""
            var end = at + 1
            cursor = at + 1
            if cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            while cursor < characters.count {
                let character = characters[cursor]
                if isEmailCharacter(character) && character != "+" {
                    domain.append(character == "," || character == "。" ? "." : character)
                    end = cursor + 1
                } else if character == " ", cursor + 1 < characters.count, characters[cursor + 1] == "." || domain.hasSuffix(".") {
                    // "example . com"
                } else {
                    break
                }
                cursor += 1
            }
            let local = String(characters[start ..< at]).filter { $0 != " " }
            while domain.hasSuffix(".") { domain.removeLast() }
            guard !local.isEmpty, let dot = domain.lastIndex(of: "."), domain.distance(from: dot, to: domain.endIndex) >= 3,
                  domain[domain.index(after: dot)...].allSatisfy(\.isLetter) else { continue }
            let value = (local + "@" + domain).lowercased()
            found.append(line.item(.identifier(.email), value, start ..< end, corrections: 0))
            if domain.lowercased() == "qq.com", MessagingId.isQQNumber(local) {
                found.append(line.item(.identifier(.qq), local, start ..< at, corrections: 0))
            }
        }
        return found
    }

    private static func isEmailCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._%+-,".contains(character)) || character == "。"
    }

    static let topLevelDomains = ["com", "cn", "net", "org", "shop", "top", "xyz", "store", "hk", "tw", "co", "io", "info", "biz", "online", "site"]

    static func websites(in line: Line) -> [Extraction] {
        var found: [Extraction] = []
        var start = 0
        for (index, word) in line.words.enumerated() {
            defer { start += line.spans[index].length + 1 }
            let token = String(IdentifierText.narrowed(word.text)).trimmingCharacters(in: ",;)(（）")
            let lowered = token.lowercased().replacingCommaBeforeDomain()
            guard !lowered.contains("@"), lowered.contains(".") else { continue }
            let host = lowered.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
            let hostOnly = host.split(separator: "/").first.map(String.init) ?? host
            let last = hostOnly.split(separator: ".").last.map(String.init) ?? ""
            guard lowered.hasPrefix("www.") || lowered.hasPrefix("http") || topLevelDomains.contains(last),
                  hostOnly.split(separator: ".").count >= 2, hostOnly.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
            else { continue }
            found.append(line.item(.identifier(.website), host, line.spans[index].start ..< line.spans[index].start + line.spans[index].length, corrections: 0))
        }
        return found
    }

    // MARK: - Addresses

    static let addressWords = ["省", "市", "区", "县", "路", "街", "道", "号", "室", "栋", "幢", "楼", "弄", "巷", "村", "镇", "大厦", "广场", "园"]
    static let englishAddressWords = ["road", " rd", "street", " st ", "avenue", " ave", "room", " rm", "building", "bldg", "district", "floor", "no.", "province", "city"]
    static let senderLabels = ["寄件人", "发件人", "退货地址", "地址", "寄件地址", "return address", "return to", "from:", "sender", "address"]

    static func isAddress(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let chinese = addressWords.filter { text.contains($0) }.count
        let english = englishAddressWords.filter { lowered.contains($0) }.count
        let hasNumber = text.contains { $0.isNumber }
        return (chinese >= 2 && hasNumber) || (english >= 2 && hasNumber) || senderLabels.contains { lowered.hasPrefix($0) && (chinese + english) >= 1 }
    }

    /// A line continues an address when it has an address word and no phone-like number.
    static func continuesAddress(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return addressWords.contains { text.contains($0) } || englishAddressWords.contains { lowered.contains($0) }
    }

    static func stripAddressLabel(_ text: String) -> String {
        var value = text
        for label in senderLabels where value.lowercased().hasPrefix(label) {
            value = String(value.dropFirst(label.count))
            break
        }
        return value.trimmingCharacters(in: " :：")
    }

    private static func find(_ needle: [Character], in haystack: [Character], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        for start in from ... (haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start ..< start + needle.count]) == needle { return start }
        }
        return nil
    }
}

extension Character {
    /// A Chinese, Japanese or Korean character (ideographs, kana, hangul, CJK punctuation).
    var isCJK: Bool {
        guard let scalar = unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x2E80 ... 0x9FFF, 0xAC00 ... 0xD7AF, 0xF900 ... 0xFAFF, 0x20000 ... 0x2FFFF: return true
        default: return false
        }
    }
}

extension ImageBox {
    init(_ word: OCRWord) {
        self.init(x: word.x, y: word.y, width: word.width, height: word.height)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }

    /// `example,com` → `example.com` (OCR reads a dot as a comma).
    fileprivate func replacingCommaBeforeDomain() -> String {
        var result = self
        for domain in TextExtractor.topLevelDomains where result.hasSuffix("," + domain) {
            result = String(result.dropLast(domain.count + 1)) + "." + domain
        }
        return result
    }
}
