import CaseStore
import Rendering

/// The case store's part of a run folder (with `analyze --cases`): the case section of each
/// referral (`referral.md`, `referral.pdf`) and the changes section of `index.html`. Every value
/// that came from the dataset or an analyst (notes, names, references) is escaped for its format.
enum CaseSections {
    /// Members listed by name in a "came and went" line at most; the rest are counted.
    static let memberLimit = 20
    /// History lines and earlier sightings shown at most (latest kept).
    static let historyLimit = 40

    // MARK: - referral.md

    static func markdown(_ ringCase: RunCases.RingCase, run: RunInfo, since: RunInfo?) -> String {
        var text = "## Case \(ringCase.caseID)\n\n"
        text += "Status **\(ringCase.status.rawValue)** · change in \(run.label.markdownSafe): **\(ringCase.change)**\n\n"
        text += markdownEscaped(ringCase.explanation) + ".\n\n"
        for relation in ringCase.relations { text += "- \(markdownEscaped(relation))\n" }
        if !ringCase.relations.isEmpty { text += "\n" }
        if let since, !(ringCase.added.isEmpty && ringCase.removed.isEmpty) {
            text += "Since \(since.label.markdownSafe): " + cameAndWent(ringCase).map(markdownEscaped).joined(separator: "; ") + ".\n\n"
        }
        text += "### Earlier outcomes\n\n"
        if ringCase.outcomes.isEmpty {
            text += "No enforcement outcome is recorded for this case.\n\n"
        } else {
            for outcome in ringCase.outcomes { text += "- \(markdownEscaped(outcome.sentence)), reported by \(markdownEscaped(outcome.who))\n" }
            text += "\n"
        }
        text += "### Case history\n\n"
        text += markdownTable(["date", "event", "by", "reference", "detail"], historyRows(ringCase).map { $0.map(markdownEscaped) })
        let sightings = ringCase.sightings.prefix(historyLimit)
        if !sightings.isEmpty {
            text += "### Earlier runs\n\n"
            text += markdownTable(["run", "ring", "rank", "score", "sellers", "change"], sightings.map { sighting in
                [String(sighting.run), markdownEscaped(sighting.ringID), String(sighting.rank), oneDecimal(sighting.score), String(sighting.sellers),
                 markdownEscaped(sighting.change)]
            })
        }
        return text
    }

    // MARK: - referral.pdf

    static func blocks(_ ringCase: RunCases.RingCase, run: RunInfo, since: RunInfo?) -> [ReportDocument.Block] {
        var blocks: [ReportDocument.Block] = [.heading("Case \(ringCase.caseID)")]
        blocks.append(.paragraph([.bold("Status "), ReportDocument.Run(ringCase.status.rawValue), .bold(" · change "), ReportDocument.Run(ringCase.change + ". "),
                                  ReportDocument.Run(ringCase.explanation + ".")]))
        if !ringCase.relations.isEmpty { blocks.append(.bullets(ringCase.relations.map { [ReportDocument.Run($0)] })) }
        if let since, !(ringCase.added.isEmpty && ringCase.removed.isEmpty) {
            blocks.append(.paragraph([.bold("Since \(since.label): "), ReportDocument.Run(cameAndWent(ringCase).joined(separator: "; ") + ".")]))
        }
        if ringCase.outcomes.isEmpty {
            blocks.append(.paragraph([.bold("Earlier outcomes. "), "No enforcement outcome is recorded for this case."]))
        } else {
            blocks.append(.paragraph([.bold("Earlier outcomes.")]))
            blocks.append(.bullets(ringCase.outcomes.map { [ReportDocument.Run($0.sentence + ", reported by " + $0.who)] }))
        }
        blocks.append(.table(columns: [.init("date", width: 0.9), .init("event", width: 1.2), .init("by", width: 1.1), .init("reference", width: 1),
                                       .init("detail", width: 3.8, maxLines: 6)],
                             rows: historyRows(ringCase)))
        return blocks
    }

    // MARK: - index.html

    static func html(_ cases: RunCases, anchors: [String: String]) -> String {
        let changes = cases.changes
        var html = "<section id=\"cases\">\n<h2>Cases: what changed</h2>\n"
        let since = changes.since.map { "since " + htmlEscaped($0.label) } ?? "(the first run of this case store: every case is new)"
        html += "<p class=\"note\">Recorded as \(htmlEscaped(cases.run.label)) \(since): \(htmlEscaped(changes.tally)). "
        html += "Re-emerged cases come first: a raided or closed case whose workshop, accounts or addresses are back. "
        html += "<code>ringscope changes</code> and <code>ringscope case show ID</code> give the same in a terminal.</p>\n"
        let shown = changes.entries.filter { $0.change != .unchanged }
        if shown.isEmpty {
            html += "<p class=\"note\">No case changed.</p>\n</section>\n\n"
            return html
        }
        html += "<div class=\"scroll\">\n<table>\n<thead><tr><th>change</th><th>case</th><th>ring</th><th class=\"num\">rank</th><th class=\"num\">sellers</th><th>why</th><th>came</th><th>went</th></tr></thead>\n<tbody>\n"
        for entry in shown {
            let ring = entry.ringID.isEmpty ? "<span class=\"note\">" + htmlEscaped(entry.previousRingID) + " (before)</span>"
                : anchors[entry.ringID].map { "<a href=\"#\($0)\">\(htmlEscaped(entry.ringID))</a>" } ?? htmlEscaped(entry.ringID)
            let sellers = entry.change == .new ? String(entry.sellersNow) : "\(entry.sellersBefore) → \(entry.sellersNow)"
            html += "<tr><td><strong>\(htmlEscaped(entry.change.rawValue.replacingOccurrences(of: "_", with: "-")))</strong></td>"
            html += "<td class=\"id\">\(htmlEscaped(entry.caseID))</td><td class=\"id\">\(ring)</td><td class=\"num\">\(entry.rank.map(String.init) ?? "")</td>"
            html += "<td class=\"num\">\(htmlEscaped(sellers))</td><td>\(htmlEscaped(entry.explanation))</td>"
            html += "<td>\(entry.change == .new ? "" : htmlEscaped(listed(entry.added)))</td><td>\(entry.change == .vanished || entry.change == .merged ? "" : htmlEscaped(listed(entry.removed)))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n</div>\n</section>\n\n"
        return html
    }

    // MARK: - Shared

    /// "came: seller S9, storefront SF12; went: seller S3".
    static func cameAndWent(_ ringCase: RunCases.RingCase) -> [String] {
        var parts: [String] = []
        if !ringCase.added.isEmpty { parts.append("came: " + listed(ringCase.added)) }
        if !ringCase.removed.isEmpty { parts.append("went: " + listed(ringCase.removed)) }
        return parts
    }

    /// "seller S9, storefront SF12 and 3 more".
    static func listed(_ entities: [EntityRef]) -> String { RunChanges.listed(entities, limit: memberLimit) }

    static func historyRows(_ ringCase: RunCases.RingCase) -> [[String]] {
        ringCase.history.suffix(historyLimit).map { event in
            let what: String
            switch event.kind {
            case "status": what = "\(event.fromStatus ?? "?") → \(event.toStatus ?? "?")"
            case "opened": what = "opened"
            default: what = event.kind
            }
            return [String(event.at.prefix(10)), what, event.who, event.reference, event.text]
        }
    }
}

private extension String {
    /// A run label for Markdown (dataset names come from folder names).
    var markdownSafe: String { markdownEscaped(self) }
}
