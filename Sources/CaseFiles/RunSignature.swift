import SellerGraph
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ed25519 signatures of run folders: the chain of custody of a referral package.
///
/// `analyze --sign-key KEY` signs the exact bytes of `manifest.json` and writes the 64-byte
/// signature to `manifest.json.sig` beside it. The manifest holds the SHA-256 of every file of
/// the run and a run hash over everything else it records (seed, arguments, version, dataset,
/// inputs), so one signature covers the whole run: `verify --public-key PUB` checks the
/// signature, then every file against the manifest, and names what does not match.
///
/// Keys are the standard files OpenSSL reads: the private key as PKCS #8 PEM (`BEGIN PRIVATE
/// KEY`), written with mode 0600, the public key as SubjectPublicKeyInfo PEM (`BEGIN PUBLIC
/// KEY`). So a recipient without RingScope can check a run with
/// `openssl pkeyutl -verify -pubin -inkey PUB -rawin -in manifest.json -sigfile manifest.json.sig`
/// and `sha256sum` against the manifest.
public enum RunSignature {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    /// A private key read from its file, to sign runs with.
    public struct SigningKey: Sendable {
        /// The 32-byte seed (a Sendable copy; the CryptoKit type is not).
        let seed: [UInt8]
        var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: seed) }
        init(key: Curve25519.Signing.PrivateKey) { seed = Array(key.rawRepresentation) }
        public var publicKey: VerifyingKey { VerifyingKey(key: key.publicKey) }
    }

    /// A public key read from its file, to check runs with.
    public struct VerifyingKey: Sendable {
        let raw: [UInt8]
        var key: Curve25519.Signing.PublicKey { try! Curve25519.Signing.PublicKey(rawRepresentation: raw) }
        init(key: Curve25519.Signing.PublicKey) { raw = Array(key.rawRepresentation) }
        /// `SHA256:` and the first 16 hex digits of the key's hash, to name it in messages.
        public var fingerprint: String { "SHA256:" + sha256Hex(key.rawRepresentation).prefix(16) }
    }

    /// DER of an Ed25519 PKCS #8 private key up to the 32-byte seed (RFC 8410).
    static let privatePrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    /// DER of an Ed25519 SubjectPublicKeyInfo up to the 32-byte key (RFC 8410).
    static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// A new key pair as (private PEM, public PEM).
    public static func generate() -> (privateKey: String, publicKey: String) {
        let key = Curve25519.Signing.PrivateKey()
        return (pem("PRIVATE KEY", privatePrefix + key.rawRepresentation),
                pem("PUBLIC KEY", publicPrefix + key.publicKey.rawRepresentation))
    }

    /// Reads a private key file; refuses one that other users can read, as ssh does.
    public static func signingKey(at path: String) throws(Error) -> SigningKey {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw Error(description: "\(terminalSafe(path)): error: cannot read the signing key: \(PosixFiles.reason(errno))")
        }
        if status.st_mode & 0o077 != 0 {
            throw Error(description: "\(terminalSafe(path)): error: the signing key can be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))); run chmod 600 \(terminalSafe(path))")
        }
        let der = try contents(path, label: "PRIVATE KEY", what: "signing key")
        guard der.count == privatePrefix.count + 32, Array(der.prefix(privatePrefix.count)) == privatePrefix,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32)) else {
            throw Error(description: "\(terminalSafe(path)): error: not an Ed25519 private key (PKCS #8 PEM, as 'ringscope keys generate' writes)")
        }
        return SigningKey(key: key)
    }

    /// Reads a public key file.
    public static func verifyingKey(at path: String) throws(Error) -> VerifyingKey {
        let der = try contents(path, label: "PUBLIC KEY", what: "public key")
        guard der.count == publicPrefix.count + 32, Array(der.prefix(publicPrefix.count)) == publicPrefix,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32)) else {
            throw Error(description: "\(terminalSafe(path)): error: not an Ed25519 public key (SubjectPublicKeyInfo PEM, as 'ringscope keys generate' writes)")
        }
        return VerifyingKey(key: key)
    }

    public static func sign(_ bytes: [UInt8], with key: SigningKey) throws -> [UInt8] {
        Array(try key.key.signature(for: bytes))
    }

    public static func isValid(_ signature: [UInt8], of bytes: [UInt8], under key: VerifyingKey) -> Bool {
        signature.count == 64 && key.key.isValidSignature(signature, for: bytes)
    }

    static func pem(_ label: String, _ der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The DER inside the PEM block `label` of a small file.
    private static func contents(_ path: String, label: String, what: String) throws(Error) -> [UInt8] {
        guard PosixFiles.kind(of: path) != .absent else {
            throw Error(description: "\(terminalSafe(path)): error: no such \(what) file")
        }
        guard let data = FileManager.default.contents(atPath: path), data.count < 16_384 else {
            throw Error(description: "\(terminalSafe(path)): error: cannot read the \(what) (unreadable, or too large for a key)")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let begin = text.range(of: "-----BEGIN \(label)-----"), let end = text.range(of: "-----END \(label)-----"),
              begin.upperBound <= end.lowerBound,
              let der = Data(base64Encoded: text[begin.upperBound ..< end.lowerBound].filter { !$0.isWhitespace }) else {
            throw Error(description: "\(terminalSafe(path)): error: not a PEM \(label.lowercased()) (expected a -----BEGIN \(label)----- block)")
        }
        return Array(der)
    }
}
