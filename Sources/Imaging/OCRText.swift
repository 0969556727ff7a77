/// One word tesseract read: its text, its box on the image, its confidence and its line.
public struct OCRWord: Sendable, Hashable, Codable {
    public var text: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// 0–1.
    public var confidence: Double
    /// The line it is on, counted from 0 in reading order.
    public var line: Int

    public init(text: String, x: Int, y: Int, width: Int, height: Int, confidence: Double, line: Int) {
        self.text = text
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.confidence = confidence
        self.line = line
    }
}

/// Everything read from one image: its size and the words on it, in reading order.
public struct OCRText: Sendable, Hashable, Codable {
    public var width: Int
    public var height: Int
    public var words: [OCRWord]
    /// How the text was read (preprocessing steps taken, skew corrected), for `ringscope ocr`.
    public var method: String

    public init(width: Int, height: Int, words: [OCRWord], method: String) {
        self.width = width
        self.height = height
        self.words = words
        self.method = method
    }

    /// The words grouped by line, in order.
    public var lines: [[OCRWord]] {
        var result: [[OCRWord]] = []
        var current = -1
        for word in words {
            if word.line != current || result.isEmpty {
                result.append([])
                current = word.line
            }
            result[result.count - 1].append(word)
        }
        return result
    }
}
