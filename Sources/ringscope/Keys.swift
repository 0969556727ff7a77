import ArgumentParser
import CaseFiles
import Foundation
import SellerGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ringscope keys`: the Ed25519 keys that sign run folders.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the keys that sign run folders (chain of custody of referral packages).",
        discussion: """
        'keys generate NAME' writes an Ed25519 key pair: NAME, the private key (PKCS #8 PEM, \
        readable by you alone, mode 0600), and NAME.pub, the public key (PEM). Keep the private \
        key where only the people who sign referrals can read it; hand the public key to whoever \
        receives them. 'analyze --sign-key NAME' signs a run; 'verify --public-key NAME.pub' \
        checks it. The files are the ones OpenSSL reads, so a recipient without RingScope can \
        check a run too (see docs/reliability.md).

        Example:
          ringscope keys generate ~/.ringscope/agency
          ringscope analyze datasets/demo --sign-key ~/.ringscope/agency
          ringscope verify output/demo --public-key ~/.ringscope/agency.pub
        """,
        subcommands: [Generate.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 key pair: NAME (private, mode 0600) and NAME.pub.",
            discussion: """
            Never overwrites: if NAME or NAME.pub exists, nothing is written and the exit status is 1.

            Example:
              ringscope keys generate agency
            """
        )

        @Argument(help: ArgumentHelp("Path of the private key to write; the public key goes to the same path + .pub.", valueName: "name"))
        var name: String

        func validate() throws {
            if name.isEmpty { throw ValidationError("the key name is empty; give a path, e.g. ringscope keys generate agency") }
        }

        func run() throws {
            let keys = RunSignature.generate()
            for path in [name, name + ".pub"] where FileManager.default.fileExists(atPath: path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
                Console.error("\(terminalSafe(path)): error: already exists; keys are never overwritten. Choose another name or move it away.")
                throw ExitCode(1)
            }
            do {
                try write(keys.privateKey, to: name, mode: 0o600)
                try write(keys.publicKey, to: name + ".pub", mode: 0o644)
            } catch let error as KeyFileError {
                Console.error(error.description)
                throw ExitCode(1)
            }
            Console.output("private key: \(name) (keep it secret; mode 0600)")
            Console.output("public key:  \(name).pub (give it to whoever checks your runs)")
            Console.output("fingerprint: \(try RunSignature.verifyingKey(at: name + ".pub").fingerprint)")
        }

        struct KeyFileError: Error, CustomStringConvertible {
            let description: String
        }

        /// Creates the file with `mode` from the start (O_EXCL: never over an existing file).
        private func write(_ text: String, to path: String, mode: mode_t) throws {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            guard descriptor >= 0 else {
                throw KeyFileError(description: "\(terminalSafe(path)): error: cannot create the key file: \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            let bytes = Array(text.utf8)
            guard bytes.withUnsafeBytes({ systemWrite(descriptor, $0.baseAddress, $0.count) }) == bytes.count, fchmod(descriptor, mode) == 0 else {
                unlink(path)
                throw KeyFileError(description: "\(terminalSafe(path)): error: cannot write the key file: \(String(cString: strerror(errno)))")
            }
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif
