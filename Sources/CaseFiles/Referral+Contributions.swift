import CaseStore
import Foundation
import Rendering

/// "Why this rank" in referral.md, referral.pdf and index.html when a learned model ranked the
/// run: the ring's calibrated probability, its rank under the rule score, and its largest
/// contributions as sentences ("confirmed fakes on 6 of 18 storefronts +0.31").
enum RankReasons {
    /// Contributions shown per ring.
    static let shown = 5

    static func heading(_ model: RankingModel) -> String { "Why this rank (learned model \(model.id))" }

    static func lead(_ explanation: RankExplanation, model: RankingModel) -> String {
        guard let score = explanation.score else { return "" }
        return String(format: "Probability confirmed counterfeit %.0f %% (calibrated); rank %d under the rule score. ", score.probability * 100, score.ruleRank)
            + "The model learned from \(model.positives) confirmed and \(model.negatives) unfounded outcomes of earlier cases. "
            + "Each line is what the ring shows and how much it moved the score, in log-odds (+ raises the rank, − lowers it):"
    }

    static let caveat = "A learned model ranks by what earlier outcomes confirmed; it is a reason to look first, not evidence. The evidence is in the sections below."

    static func sentences(_ explanation: RankExplanation) -> [String] {
        explanation.topContributions(shown).map(\.sentence)
    }

    static func markdown(_ explanation: RankExplanation?, model: RankingModel?) -> String {
        guard let explanation, let model, explanation.score != nil else { return "" }
        var text = "## \(heading(model))\n\n\(markdownEscaped(lead(explanation, model: model)))\n\n"
        for sentence in sentences(explanation) { text += "- \(markdownEscaped(sentence))\n" }
        return text + "\n\(caveat)\n\n"
    }

    static func blocks(_ explanation: RankExplanation?, model: RankingModel?) -> [ReportDocument.Block] {
        guard let explanation, let model, explanation.score != nil else { return [] }
        return [.heading(heading(model)), .paragraph([ReportDocument.Run(lead(explanation, model: model))]),
                .bullets(sentences(explanation).map { [ReportDocument.Run($0)] }), .note(caveat)]
    }

    static func html(_ explanation: RankExplanation?, model: RankingModel?) -> String {
        guard let explanation, let model, explanation.score != nil else { return "" }
        var html = "<div class=\"why\">\n<h4>\(htmlEscaped(heading(model)))</h4>\n<p>\(htmlEscaped(lead(explanation, model: model)))</p>\n<ul>\n"
        for sentence in sentences(explanation) { html += "<li>\(htmlEscaped(sentence))</li>\n" }
        return html + "</ul>\n<p class=\"note\">\(htmlEscaped(caveat))</p>\n</div>\n"
    }
}
