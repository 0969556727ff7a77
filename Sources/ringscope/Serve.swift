import ArgumentParser
import CaseStore
import Dispatch
import Foundation
import Server

/// `ringscope serve`: the analyst workspace, a local web app over the case store.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the analyst workspace: the case queue, case pages and actions in a browser.",
        discussion: """
        A local web application over the case store and its run folders: the queue of cases \
        (by rank, with filters and counts), a page per case (why it ranks there, the ring \
        diagram, members, evidence, photos with what OCR read, factories, history, changes), \
        the actions (status, outcome, note, each recorded with who and when, as 'ringscope \
        case' does) and the referral package as a zip. It listens on 127.0.0.1 only unless \
        --host says otherwise, needs no internet, and serves every asset from the binary or \
        the run folders. Stop it with Ctrl-C.

        Example:
          ringscope analyze datasets/demo --cases output/cases.sqlite
          ringscope serve --cases output/cases.sqlite
          # open http://127.0.0.1:8080/ ; a reviewer who may only look:
          ringscope serve --cases output/cases.sqlite --read-only --port 8081
        """
    )

    @Option(name: .customLong("cases"), help: ArgumentHelp("The case store file (SQLite). (default: \(CaseStoreOptions.defaultPath))", valueName: "file"))
    var casesPath: String = CaseStoreOptions.defaultPath

    @Option(help: ArgumentHelp("Where the run folders are now, if they moved since the runs were recorded: a run recorded as output/demo is looked for as DIR/demo first. (default: the paths the store recorded)", valueName: "dir"))
    var runs: String?

    @Option(help: ArgumentHelp("The TCP port to listen on; 0 picks a free one. (default: 8080)", valueName: "port"))
    var port: Int = 8080

    @Option(help: ArgumentHelp("The address to listen on. Anything but loopback exposes the cases to the network: the workspace has no login. (default: 127.0.0.1)", valueName: "address"))
    var host: String = "127.0.0.1"

    @Flag(name: .customLong("read-only"), help: "Show cases but refuse every change (no forms; POST answered 403). (default: off)")
    var readOnly = false

    func validate() throws {
        guard (0 ... 65535).contains(port) else { throw ValidationError("--port \(port): give a port from 0 to 65535") }
        if let runs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: runs, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--runs \(runs): no such folder")
            }
        }
    }

    func run() throws {
        let configuration = WorkspaceConfiguration(casesPath: casesPath, runsDirectory: runs, readOnly: readOnly, host: host, port: port)
        let workspace = try withCaseStoreErrors { try Workspace(configuration) }
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        let readOnly = readOnly
        Task {
            do {
                try await workspace.run { address in
                    Console.output("ringscope: serving \(terminalSafe(casesPath)) at \(address)\(readOnly ? " (read-only)" : "") — Ctrl-C stops")
                }
            } catch {
                outcome.set("\(error)")
            }
            done.signal()
        }
        done.wait()
        if let message = outcome.message {
            Console.error("ringscope: error: the server stopped: \(message) (is port \(port) in use? try --port 0)")
            throw ExitCode(1)
        }
    }
}

/// The server task's error, handed back to the waiting command.
private final class ServeOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    func set(_ message: String) { lock.withLock { stored = message } }
    var message: String? { lock.withLock { stored } }
}
