import Crypto
import Foundation

/// Cross-site request forgery protection: each browser gets a random session cookie
/// (`HttpOnly`, `SameSite=Strict`) and every form carries a token derived from it with a key that
/// lives only in this server process (HMAC-SHA256). A POST whose token does not match its cookie
/// is refused, so a page on another site cannot submit a form in the analyst's name: it can
/// neither read the cookie nor compute the token.
struct SessionTokens: Sendable {
    static let cookieName = "ringscope_session"
    /// 256 random bits, drawn when the server starts and never written anywhere.
    private let key: [UInt8]

    init() {
        key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// A new session id: 128 random bits as hex.
    static func newSession() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0 ..< 16).map { _ in String(format: "%02x", UInt8.random(in: 0 ... 255, using: &generator)) }.joined()
    }

    /// Whether `text` looks like a session id this server hands out (32 lowercase hex digits).
    static func isSessionID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// The form token of a session.
    func token(for session: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(session.utf8), using: SymmetricKey(data: key)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `token` is the session's token (compared in constant time).
    func isValid(token: String, session: String) -> Bool {
        let expected = Array(self.token(for: session).utf8)
        let given = Array(token.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}
