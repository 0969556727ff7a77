import ArgumentParser
import CaseStore
import Foundation
import SellerGraph

/// `--cases FILE` of the `case` and `changes` commands, and the opening of the store with its
/// errors turned into one `FILE: error: …` line and exit code 1.
struct CaseStoreOptions: ParsableArguments {
    /// Where `ringscope case …` and `ringscope changes` look by default: beside the run folders
    /// that `analyze` writes under `output/`.
    static let defaultPath = "output/cases.sqlite"

    @Option(name: .customLong("cases"), help: ArgumentHelp("The case store file (SQLite), beside the run folders.", valueName: "file"))
    var path: String = CaseStoreOptions.defaultPath

    /// Opens the store; never creates one (only `analyze --cases` does).
    func open() throws -> CaseStore {
        var options = CaseStore.Options()
        options.createsFile = false
        options.busyTimeout = 10
        return try CaseStoreOptions.open(path, options: options)
    }

    static func open(_ path: String, options: CaseStore.Options) throws -> CaseStore {
        do {
            return try CaseStore(path: path, options: options)
        } catch let error as CaseStoreError {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}

/// Who makes a change, when, and under which reference: the options every case change takes.
struct ActorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Who makes the change: a name, initials or a team (free text). (default: $USER)", valueName: "name"))
    var by: String?

    @Option(help: ArgumentHelp("The date it happened, YYYY-MM-DD. (default: now)", valueName: "date"))
    var date: String?

    @Option(help: ArgumentHelp("A reference: a letter, ticket or file number. (default: none)", valueName: "text"))
    var reference: String = ""

    var actor: CaseStore.Actor {
        let environment = ProcessInfo.processInfo.environment
        return CaseStore.Actor(who: by ?? environment["USER"] ?? environment["LOGNAME"] ?? "", day: date, reference: reference)
    }
}

/// Runs `body`; a ``CaseStoreError`` becomes its one-line message on stderr and exit code 1.
func withCaseStoreErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CaseStoreError {
        Console.error(error.description)
        throw ExitCode(1)
    }
}

/// Prints rows as columns padded to their widest cell (cells made terminal-safe); the last
/// column is not padded.
func printTable(_ header: [String], _ rows: [[String]]) {
    let cells = ([header] + rows).map { $0.map(terminalSafe) }
    var widths = [Int](repeating: 0, count: header.count)
    for row in cells {
        for (column, cell) in row.enumerated() where column < widths.count { widths[column] = max(widths[column], cell.count) }
    }
    for row in cells {
        var line = ""
        for (column, cell) in row.enumerated() {
            line += column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
        }
        print(line)
    }
}
