/// An address read into labelled parts, as a postal parser does (libpostal's labels: house
/// number, road, unit, level, postcode, city, …), for both scripts: Chinese names are kept in
/// characters and read as pinyin, so that 幸福路 and "Xingfu Road" compare.
///
/// A part that was not written is absent (`nil` or empty), and absent is not a mismatch: two
/// spellings of one place routinely leave out different parts (one has the postcode, the other
/// the district). ``AddressComparison`` compares two parsed addresses part by part.
public struct ParsedAddress: Sendable, Equatable {
    /// Where a name was read from: Latin letters, or Chinese characters read as pinyin.
    public enum Script: UInt8, Sendable, Equatable { case none, latin, hanzi }

    /// A named part (street, compound, district): comparable keys and the name as written.
    public struct Name: Sendable, Equatable {
        /// Lowercase Latin keys: the name (pinyin for Chinese, every place-name reading), with
        /// `|` and a direction letter for a street that has one (黄石西路 → `huangshi|w`).
        public var keys: [String]
        /// Keys of the name without its generic ending (东泰花园 → `dongtai`; "Toronto Eaton
        /// Centre" → `torontoeaton`), for the "close" comparison level.
        public var coreKeys: [String]
        /// The name as written ("Xingfu Rd", "幸福路"), for explanations.
        public var text: String
        public var script: Script

        public init(keys: [String], coreKeys: [String] = [], text: String, script: Script) {
            self.keys = keys; self.coreKeys = coreKeys; self.text = text; self.script = script
        }

        public var isEmpty: Bool { keys.isEmpty }
        public static let none = Name(keys: [], text: "", script: .none)
    }

    /// The street number: "30A", "7-11" (a range), "5-1" (a sub-number), "12".
    public var streetNumber: StreetNumber?
    /// Room, suite, apartment, flat or warehouse number ("Rm 301", "301室", "Suite 8", "#01-24").
    public var room: String?
    /// Building or block ("Bldg 11", "11栋", "3幢", "Blk 24", "Tower 2").
    public var building: String?
    /// Unit of a Chinese residential building, its entrance or staircase (`2单元`).
    public var unit: String?
    /// Floor ("21楼", "21F", "Level 3").
    public var floor: String?
    /// Lane (Shanghai's 弄: `455弄`).
    public var lane: String?
    /// A PO box or parcel locker ("PO Box 12", "Locker 7", `自提柜`, `菜鸟驿站`): its kind and number.
    public var box: String?
    /// The postal code, uppercase without spaces ("M5B2C1", "EH66RA", "510000", "90021").
    public var postcode: String?
    /// Numbers whose role could not be read, in the order written.
    public var otherNumbers: [String] = []
    public var street: Name = .none
    /// A residential compound, estate, mall or named building (东泰花园, 近铁城市广场, "Fortune Centre").
    public var compound: Name = .none
    /// Districts, towns and subdistricts ("Baiyun District", "白云区", "Jinjiang Dist.", 虞山街道).
    public var district: Name = .none
    /// The city, lowercase, in its usual romanisation for Chinese (from the dataset's `city`
    /// column, or the text when the column is empty).
    public var city: String = ""
    public var province: String = ""
    public var country: String = ""
    /// Other place words in Latin letters (a district without its marker, a shop name), lowercase.
    public var words: [String] = []
    /// Other names in Chinese characters, read as pinyin.
    public var hanziWords: [String] = []
    /// What could not be read, for `resolve --explain` ("only punctuation", "text cut at 400 characters").
    public var unread: [String] = []

    public init() {}

    /// Whether anything that locates a place was read: a number (street number, room, building,
    /// lane), a compound or a box. A street alone ("Pasir Panjang Road") names a street, not a place.
    public var locates: Bool {
        streetNumber != nil || room != nil || building != nil || !compound.isEmpty || box != nil || lane != nil
    }
}

/// A street number as written: its number, an optional letter (`30A`), and either the end of
/// a range (`7-11`) or a sub-number (`5-1号`).
public struct StreetNumber: Sendable, Equatable, CustomStringConvertible {
    public var number: Int
    public var letter: String
    /// The last number of a range ("7-11", "1390-1396").
    public var rangeEnd: Int?
    /// A sub-number ("5-1号", "11-802").
    public var sub: String?

    public init(number: Int, letter: String = "", rangeEnd: Int? = nil, sub: String? = nil) {
        self.number = number; self.letter = letter; self.rangeEnd = rangeEnd; self.sub = sub
    }

    /// Reads "30a", "7-11", "5-1", "0012" (leading zeros dropped); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
        guard let first = parts.first, !first.isEmpty else { return nil }
        let digits = first.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, let number = Int(digits) else { return nil }
        let letter = String(first.dropFirst(digits.count))
        guard letter.count <= 1, letter.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        self.number = number
        self.letter = letter
        if parts.count == 2 {
            let second = parts[1]
            if let end = Int(second), second.count <= 6, end > number, end - number <= 40, letter.isEmpty {
                rangeEnd = end
            } else if !second.isEmpty, second.count <= 6, second.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) {
                sub = second.drop { $0 == "0" }.isEmpty ? "0" : String(second.drop { $0 == "0" })
            } else {
                return nil
            }
        }
    }

    public var description: String {
        String(number) + letter + (rangeEnd.map { "-" + String($0) } ?? "") + (sub.map { "-" + $0 } ?? "")
    }

    /// Same number written more or less fully: a letter or sub-number on one side only
    /// ("30" and "30A"), or overlapping ranges ("7-11" and "7").
    public func isClose(to other: StreetNumber) -> Bool {
        if rangeEnd != nil || other.rangeEnd != nil {
            guard letter.isEmpty || other.letter.isEmpty else { return false }
            return number <= (other.rangeEnd ?? other.number) && other.number <= (rangeEnd ?? number)
        }
        guard number == other.number else { return false }
        let letters = letter == other.letter || letter.isEmpty || other.letter.isEmpty
        let subs = sub == other.sub || sub == nil || other.sub == nil
        return letters && subs
    }
}

extension ParsedAddress: CustomStringConvertible {
    /// The parts read, labelled: "street number 12 · room 301 · street xingfu (幸福路) · district baiyun · city guangzhou".
    public var description: String {
        var parts: [String] = []
        if !country.isEmpty { parts.append("country \(country)") }
        if !province.isEmpty { parts.append("province \(province)") }
        if !city.isEmpty { parts.append("city \(city)") }
        if !district.isEmpty { parts.append("district \(district.keys.joined(separator: "/")) (\(district.text))") }
        if !street.isEmpty { parts.append("street \(street.keys.prefix(4).joined(separator: "/")) (\(street.text))") }
        if let streetNumber { parts.append("street number \(streetNumber)") }
        if let lane { parts.append("lane \(lane)") }
        if !compound.isEmpty { parts.append("compound \(compound.keys.prefix(2).joined(separator: "/")) (\(compound.text))") }
        if let building { parts.append("building \(building)") }
        if let unit { parts.append("unit \(unit)") }
        if let floor { parts.append("floor \(floor)") }
        if let room { parts.append("room \(room)") }
        if let box { parts.append("box \(box)") }
        if let postcode { parts.append("postcode \(postcode)") }
        if !otherNumbers.isEmpty { parts.append("other numbers \(otherNumbers.joined(separator: " "))") }
        if !words.isEmpty { parts.append("other words \(words.joined(separator: " "))") }
        if !hanziWords.isEmpty { parts.append("other names \(hanziWords.prefix(3).joined(separator: " "))") }
        return parts.isEmpty ? "nothing" : parts.joined(separator: " · ")
    }
}
