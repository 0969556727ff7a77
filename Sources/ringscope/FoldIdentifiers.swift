import ArgumentParser
import Foundation
import SellerGraph

/// `ringscope fold-identifiers`: identifiers.csv rows folded and checked, stdin to stdout — the
/// Spark job's identifier step (`SELECT TRANSFORM … USING`), so that identifier values are folded
/// by the one implementation ``FoldedIdentifier`` and never by a copy of it in Python.
struct FoldIdentifiers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fold-identifiers",
        abstract: "Fold identifiers.csv rows as analyze folds them (stdin to stdout; for the Spark job).",
        discussion: """
        Reads 'row<TAB>KIND<TAB>VALUE' lines, KIND and VALUE in hexadecimal UTF-8 (any byte may \
        stand in a CSV field). Writes one line per row: \
        'row<TAB>kind<TAB>KEY<TAB>linkable<TAB>column<TAB>MESSAGE': the kind as analyze reads \
        it, the folded value (KEY, hexadecimal; rows of one kind with one key are one identifier), \
        1 if it may link sellers (0 for a private IP address), and for a row analyze refuses the \
        column at fault ('kind' or 'value') and the error (MESSAGE, hexadecimal). Empty fields \
        are '-'. See docs/distributed.md.

        Example:
          $ printf '0\\t70686f6e65\\t3133383030313338303030\\n' | ringscope fold-identifiers
          0\tphone\t2b38363133383030313338303030\t1\t-\t-
        """
    )

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        var output = ""
        var line = 0
        for text in String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            line += 1
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let kind = FoldIdentifiers.unhex(fields[1]), let value = FoldIdentifiers.unhex(fields[2]) else {
                Console.error("<stdin>:\(line): error: expected 'row<TAB>KIND<TAB>VALUE' with KIND and VALUE in hexadecimal")
                throw ExitCode(1)
            }
            let checked = DatasetLoader.checkIdentifier(kind: kind, value: value)
            let key = checked.folded.map { FoldIdentifiers.hex($0.key) } ?? "-"
            let linkable = checked.folded?.isLinkable == true ? "1" : "0"
            let column = checked.problem.map { $0.inKindColumn ? "kind" : "value" } ?? "-"
            let message = checked.problem.map { FoldIdentifiers.hex($0.message) } ?? "-"
            output += "\(fields[0])\t\(checked.kind?.rawValue ?? "-")\t\(key)\t\(linkable)\t\(column)\t\(message)\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    static func hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 15)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The UTF-8 text of `hex` (either case), or nil if it is not hexadecimal; "" for "" or "-".
    static func unhex(_ hex: Substring) -> String? {
        if hex == "-" { return "" }
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func digit(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = digit(utf8[index]), let low = digit(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
