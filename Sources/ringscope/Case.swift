import ArgumentParser
import CaseStore
import Foundation
import SellerGraph

/// `ringscope case …`: the life of cases in the case store, from lead to referral to outcome.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "List, review, refer and close cases; record and import enforcement outcomes; tally them.",
        discussion: """
        A case is a ring followed across runs: 'analyze --cases FILE' opens one for each new ring \
        with evidence and keeps its id (C-2026-0042) while later runs find the ring again. Its \
        status moves new → under_review → referred → raided → closed, or dismissed; a raided or \
        closed case whose workshop, accounts or return addresses come back is re-emerged. Every \
        change records who (--by), when (--date, default now) and a reference.

        Example:
          ringscope analyze datasets/demo --cases output/cases.sqlite
          ringscope case list
          ringscope case refer C-2026-0001 --to "Guangzhou AMR" --by "J. Wang" --reference GZ-117
          ringscope case outcome C-2026-0001 --confirmed --arrests 3 --seized 1200000 --currency CNY --sites-shut 1 --reference GZ-117
          ringscope case import-outcomes partner/outcomes.csv
          ringscope case stats --period quarter
        """,
        subcommands: [List.self, Show.self, Review.self, Refer.self, Outcome.self, Close.self, Note.self, ImportOutcomes.self, Stats.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the cases: re-emerged first, then open ones, then the settled.",
            discussion: """
            One line per case: its status, its change in the last run it was seen in, that run \
            and the ring's rank, score and sellers there, its brands, province and summary.

            Example:
              ringscope case list --status new,re_emerged
            """
        )
        @OptionGroup var store: CaseStoreOptions

        @Option(help: ArgumentHelp("Only cases with these statuses, comma-separated: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")). (default: all)", valueName: "list"))
        var status: String?

        func run() throws {
            var filter: Set<CaseStatus>?
            if let status {
                filter = []
                for word in status.split(separator: ",") {
                    guard let value = CaseStatus(rawValue: word.trimmingCharacters(in: .whitespaces)) else {
                        throw ValidationError("unknown status '\(word)'; use \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    filter?.insert(value)
                }
            }
            let cases = try withCaseStoreErrors { try store.open().cases(status: filter) }
            if cases.isEmpty {
                print("no cases" + (filter == nil ? "" : " with status \(status!)"))
                return
            }
            printTable(["case", "status", "change", "run", "rank", "score", "sellers", "brands", "province", "summary"], cases.map { item in
                [item.id, item.status.rawValue, item.change, String(item.lastRun), String(item.rank), String(format: "%.1f", item.score),
                 String(item.sellers), item.brands.joined(separator: ", "), item.province, item.summary]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one case: its runs, lineage, history, outcomes and members.",
            discussion: "Example:\n  ringscope case show C-2026-0042"
        )
        @OptionGroup var store: CaseStoreOptions
        @Argument(help: "The case id, e.g. C-2026-0042.") var id: String

        func run() throws {
            let detail = try withCaseStoreErrors { try store.open().detail(of: id) }
            let summary = detail.summary
            print(terminalSafe("\(summary.id)  \(summary.status.rawValue)  \(summary.summary)"))
            print(terminalSafe("brands: \(summary.brands.joined(separator: ", "))  province: \(summary.province)  opened in run \(summary.openedRun)"))
            print("\nruns:")
            printTable(["run", "ring", "rank", "score", "assessment", "sellers", "change", "why"], detail.sightings.map {
                [String($0.run), $0.ringID, String($0.rank), String(format: "%.1f", $0.score), $0.assessment, String($0.sellers), $0.change, $0.explanation]
            })
            if !detail.relations.isEmpty {
                print("\nlineage:")
                for relation in detail.relations { print(terminalSafe("  run \(relation.run) ring \(relation.ringID): \(relation.relation): \(relation.explanation)")) }
            }
            print("\nhistory:")
            for event in detail.history { print(terminalSafe("  " + event.sentence)) }
            print("\noutcomes:")
            if detail.outcomes.isEmpty { print("  none recorded") }
            for outcome in detail.outcomes { print(terminalSafe("  \(outcome.sentence), reported by \(outcome.who) [\(outcome.source)]")) }
            print("\nmembers (\(detail.members.count)):")
            for member in detail.members { print(terminalSafe("  \(member.entity.kind) \(member.entity.id) (\(member.role))")) }
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a case under review (from new, re-emerged, closed or dismissed).",
            discussion: "Example:\n  ringscope case review C-2026-0042 --by \"J. Wang\" --note \"checking the payout accounts\""
        )
        @OptionGroup var store: CaseStoreOptions
        @Argument(help: "The case id.") var id: String
        @OptionGroup var actor: ActorOptions
        @Option(help: "A note for the history. (default: none)") var note: String = ""

        func run() throws {
            try store.move(id, to: .underReview, by: actor, note: note)
        }
    }

    struct Refer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a case referred to law enforcement or a platform.",
            discussion: """
            Send the ring's referral package (rings/<ring_id>/ of its last run) and record it here.

            Example:
              ringscope case refer C-2026-0042 --to "Guangzhou AMR" --by "J. Wang" --reference GZ-AMR-2026-117
            """
        )
        @OptionGroup var store: CaseStoreOptions
        @Argument(help: "The case id.") var id: String
        @Option(help: ArgumentHelp("Who it was referred to. (default: not recorded)", valueName: "recipient")) var to: String?
        @OptionGroup var actor: ActorOptions

        func run() throws {
            try store.move(id, to: .referred, by: actor, note: to.map { "referred to \($0)" } ?? "")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a case, or dismiss it (--dismissed) when it proved not to be a ring.",
            discussion: "Example:\n  ringscope case close C-2026-0042 --by \"J. Wang\" --reason \"workshop raided, sellers gone\""
        )
        @OptionGroup var store: CaseStoreOptions
        @Argument(help: "The case id.") var id: String
        @Flag(help: "Dismiss instead of close: the lead was wrong (a legitimate business, a false match).") var dismissed = false
        @Option(help: "Why, for the history. (default: none)") var reason: String = ""
        @OptionGroup var actor: ActorOptions

        func run() throws {
            try store.move(id, to: dismissed ? .dismissed : .closed, by: actor, note: reason)
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a note to a case's history.",
            discussion: "Example:\n  ringscope case note C-2026-0042 \"Seller S8f3a… also sells on Temu\" --by \"J. Wang\""
        )
        @OptionGroup var store: CaseStoreOptions
        @Argument(help: "The case id.") var id: String
        @Argument(help: "The note.") var text: String
        @OptionGroup var actor: ActorOptions

        func run() throws {
            try withCaseStoreErrors { try store.open().addNote(to: id, text, by: actor.actor) }
            print("\(id.uppercased()): note added")
        }
    }

    struct Outcome: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record what an enforcement action found for a case.",
            discussion: """
            A confirmed outcome moves an open case to raided; an unfounded one dismisses it \
            (unless a confirmed outcome is recorded). Amounts are as reported, in their currency.

            Example:
              ringscope case outcome C-2026-0042 --confirmed --date 2026-04-10 --arrests 3 --seized 1200000 --currency CNY --sites-shut 1 --reference GZ-117 --by "Guangzhou AMR"
            """
        )
        @OptionGroup var store: CaseStoreOptions
        @Argument(help: "The case id.") var id: String
        @Flag(help: "Counterfeit activity was found.") var confirmed = false
        @Flag(help: "Nothing was found.") var unfounded = false
        @Option(help: "People arrested. (default: not reported)") var arrests: Int?
        @Option(help: ArgumentHelp("Value of the goods seized, in --currency. (default: not reported)", valueName: "amount")) var seized: Double?
        @Option(help: ArgumentHelp("ISO currency code of --seized, e.g. CNY. (default: none)", valueName: "code")) var currency: String = ""
        @Option(name: .customLong("sites-shut"), help: "Manufacturing sites and warehouses shut. (default: not reported)") var sitesShut: Int?
        @OptionGroup var actor: ActorOptions

        func validate() throws {
            if confirmed == unfounded { throw ValidationError("say --confirmed or --unfounded") }
        }

        func run() throws {
            let who = actor.actor
            let date = actor.date ?? String(ISO8601DateFormatter().string(from: Date()).prefix(10))
            let outcome = CaseOutcome(caseID: id, result: confirmed ? .confirmed : .unfounded, date: date, arrests: arrests, seizedValue: seized,
                                      currency: currency, sitesShut: sitesShut, reference: who.reference, who: who.who)
            try withCaseStoreErrors { try store.open().recordOutcome(outcome) }
            print(terminalSafe("\(id.uppercased()): \(outcome.sentence)"))
        }
    }

    struct ImportOutcomes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-outcomes",
            abstract: "Import an enforcement partner's outcomes.csv, keyed by the entities an action found.",
            discussion: """
            Columns (see datasets/README.md): entity_type, entity_id, outcome (confirmed or \
            unfounded), date, arrests, seized_value, currency, sites_shut, reference. Each row goes \
            to the case holding its entity; rows of one action (reference) and case become one \
            outcome, numbers added up. A file with any bad row is refused whole, with \
            FILE:LINE:COLUMN errors; rows imported before are skipped.

            Example:
              ringscope case import-outcomes partner/outcomes.csv --by "Guangzhou AMR"
            """
        )
        @OptionGroup var store: CaseStoreOptions
        @Argument(help: "The outcomes.csv file.") var file: String
        @Option(help: ArgumentHelp("Who reported the outcomes. (default: the file's name)", valueName: "name")) var by: String?

        func run() throws {
            let outcomes: OutcomeFile
            do {
                outcomes = try OutcomeFile(path: file)
            } catch let error as DatasetErrors {
                Console.error(error.description)
                throw ExitCode(1)
            } catch let error as DatasetError {
                Console.error(error.description)
                throw ExitCode(1)
            }
            let report = try withCaseStoreErrors { try store.open().importOutcomes(outcomes, by: by ?? outcomes.fileName) }
            for warning in report.unattributed { Console.error(terminalSafe(warning.description)) }
            for outcome in report.outcomes { print(terminalSafe("\(outcome.caseID): \(outcome.sentence)")) }
            print(terminalSafe(report.summary))
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The tally: leads referred, arrests, value seized, sites shut, share of referrals confirmed.",
            discussion: """
            Overall, then per period (of the referral's or the outcome's date), brand and province. \
            Seized values are summed per currency, never converted.

            Example:
              ringscope case stats --period month
            """
        )
        @OptionGroup var store: CaseStoreOptions
        @Option(help: ArgumentHelp("Periods of the tally: month, quarter or year.", valueName: "period"))
        var period: CaseStatistics.Period = .quarter

        func run() throws {
            let statistics = try withCaseStoreErrors { try store.open().statistics(period: period) }
            func rows(_ tallies: [CaseStatistics.Tally]) -> [[String]] {
                tallies.map { tally in
                    let share = tally.confirmedShare.map { String(format: "%.0f %%", $0 * 100) } ?? "–"
                    return [tally.key, String(tally.leadsReferred), "\(tally.confirmedReferrals) (\(share))", String(tally.awaiting), String(tally.arrests),
                            tally.seizedText, String(tally.sitesShut), "\(tally.confirmedOutcomes)/\(tally.unfoundedOutcomes)"]
                }
            }
            let header = ["", "referred", "confirmed", "awaiting", "arrests", "seized", "sites shut", "outcomes ✓/✗"]
            printTable(header, rows([statistics.overall]))
            for (title, tallies) in [("per \(period.rawValue)", statistics.perPeriod), ("per brand", statistics.perBrand), ("per province", statistics.perProvince)] {
                print("\n" + title + ":")
                printTable(header, rows(tallies))
            }
        }
    }
}

extension CaseStatistics.Period: ExpressibleByArgument {}

extension CaseStoreOptions {
    /// Moves a case to `status` and says so.
    func move(_ id: String, to status: CaseStatus, by actor: ActorOptions, note: String) throws {
        try withCaseStoreErrors { try open().setStatus(of: id, to: status, by: actor.actor, note: note) }
        print("\(id.uppercased()): \(status.rawValue)")
    }
}
