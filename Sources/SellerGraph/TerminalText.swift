/// Escaping for the terminal: text that goes to stdout or stderr passes through here when it
/// carries anything from a dataset or a file name.

/// `text` with every control character shown as an escape (`\n`, `\u{1b}`…), so that a value
/// from a dataset or a file name cannot move the cursor, recolour the terminal or start a new
/// line of output that looks like the program's own.
public func terminalSafe(_ text: String) -> String {
    var shown = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": shown += "\\n"
        case "\r": shown += "\\r"
        case "\t": shown += "\\t"
        default:
            if scalar.value < 0x20 || (0x7F ..< 0xA0).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                shown += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
    }
    return shown
}
