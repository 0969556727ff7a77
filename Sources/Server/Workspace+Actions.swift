import CaseStore
import Foundation
import Hummingbird

/// The changes an analyst makes from a case page: a status, an outcome, a note. Each is one
/// transaction of the case store with who and when (the same calls as `ringscope case …`, so the
/// change shows in `ringscope case show`), behind the session's form token; none in --read-only.
extension Workspace {
    /// The fields of the action forms (all optional: each action checks the ones it needs).
    struct ActionForm: Decodable {
        var csrf: String?
        var who: String?
        var reference: String?
        var note: String?
        var status: String?
        var expected: String?
        var result: String?
        var date: String?
        var arrests: String?
        var seized: String?
        var currency: String?
        var sites: String?
    }

    /// The largest form body accepted, in bytes (a note of a few pages).
    static let maximumFormBytes = 64 * 1024

    func action(_ request: Request, id: String, action: String) async throws -> Response {
        if configuration.readOnly {
            throw WorkspaceError(.forbidden, "this workspace is read-only (ringscope serve --read-only): nothing can be changed here")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Workspace.maximumFormBytes)
        } catch {
            throw WorkspaceError(.contentTooLarge, "the form is larger than \(Workspace.maximumFormBytes / 1024) KiB")
        }
        let form: ActionForm
        do {
            form = try URLEncodedFormDecoder().decode(ActionForm.self, from: String(buffer: buffer))
        } catch {
            throw WorkspaceError(.badRequest, "the form could not be read")
        }
        guard let session = request.cookies[SessionTokens.cookieName]?.value, SessionTokens.isSessionID(session),
              let token = form.csrf, tokens.isValid(token: token, session: session) else {
            throw WorkspaceError(.forbidden, "this form is not from this workspace's page (the session token is missing or wrong); reload the case page and try again")
        }
        return try await BlockingWork.run { try self.perform(action, id: id, form: form) }
    }

    /// Writes one action's change to the store (one transaction) and answers with the case page's address.
    func perform(_ action: String, id: String, form: ActionForm) throws -> Response {
        let who = (form.who ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let reference = (form.reference ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let note = (form.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let actor = CaseStore.Actor(who: who, reference: reference)
        let done: String
        switch action {
        case "status":
            guard let status = form.status.flatMap(CaseStatus.init(rawValue:)) else {
                throw WorkspaceError(.badRequest, "choose a status")
            }
            let expected = form.expected.flatMap(CaseStatus.init(rawValue:))
            let before = try store.setStatus(of: id, to: status, by: actor, note: note, expecting: expected)
            done = "\(before.rawValue) → \(status.rawValue), recorded"
        case "note":
            try store.addNote(to: id, note, by: actor)
            done = "note recorded"
        case "outcome":
            guard let result = form.result.flatMap(CaseOutcome.Result.init(rawValue:)) else {
                throw WorkspaceError(.badRequest, "choose confirmed or unfounded")
            }
            func number(_ text: String?, _ name: String) throws -> Int? {
                guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                guard let value = Int(text) else { throw WorkspaceError(.badRequest, "\(name): \"\(text)\" is not a whole number") }
                return value
            }
            var seized: Double?
            if let text = form.seized?.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ""), !text.isEmpty {
                guard let value = Double(text) else { throw WorkspaceError(.badRequest, "seized value: \"\(text)\" is not a number") }
                seized = value
            }
            if who.isEmpty { throw WorkspaceError(.badRequest, "say who recorded the outcome") }
            let date = (form.date ?? "").trimmingCharacters(in: .whitespaces)
            try store.recordOutcome(CaseOutcome(caseID: id, result: result, date: date.isEmpty ? Workspace.today() : date,
                                                arrests: try number(form.arrests, "arrests"), seizedValue: seized,
                                                currency: (form.currency ?? "").trimmingCharacters(in: .whitespaces),
                                                sitesShut: try number(form.sites, "sites shut"), reference: reference, who: who))
            done = "outcome recorded"
        default:
            throw WorkspaceError(.notFound, "no such action")
        }
        let canonical = try store.detail(of: id).summary.id
        return Response.redirect(to: "/cases/\(HTML.urlComponent(canonical))?done=\(HTML.urlComponent(done))", type: .found)
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// The forms of a case page (none in --read-only), each with the session's token.
    func actionsSection(_ detail: CaseDetail, session: String) -> String {
        let summary = detail.summary
        let caseURL = "/cases/\(HTML.urlComponent(summary.id))"
        var html = "<section class=\"actions\"><h2>Actions</h2>"
        html += "<p><a href=\"\(caseURL)/referral.zip\" class=\"button\" id=\"download-referral\">Download the referral package (zip)</a></p>"
        if configuration.readOnly {
            return html + "<p class=\"note\">Read-only workspace: statuses, outcomes and notes are changed elsewhere.</p></section>\n"
        }
        let token = "<input type=\"hidden\" name=\"csrf\" value=\"\(tokens.token(for: session))\">"
        let who = "<label>Who <input name=\"who\" required maxlength=\"200\" class=\"who\" autocomplete=\"name\"></label>"
        let reference = "<label>Reference <input name=\"reference\" maxlength=\"200\"></label>"
        let next = summary.status.allowedNext.sorted()
        if !next.isEmpty {
            html += "<form method=\"post\" action=\"\(caseURL)/status\" id=\"status-form\">\(token)"
            html += "<input type=\"hidden\" name=\"expected\" value=\"\(HTML.escape(summary.status.rawValue))\">"
            html += "<label>Status <select name=\"status\" id=\"status-select\">"
            html += next.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }.joined()
            html += "</select></label> \(who) \(reference) <label>Note <input name=\"note\" maxlength=\"4000\"></label> <button type=\"submit\">Change status</button></form>"
        }
        html += "<form method=\"post\" action=\"\(caseURL)/note\" id=\"note-form\">\(token)\(who) <label>Note <textarea name=\"note\" required maxlength=\"20000\" rows=\"2\"></textarea></label> \(reference) <button type=\"submit\">Add note</button></form>"
        html += "<details><summary>Record an enforcement outcome</summary><form method=\"post\" action=\"\(caseURL)/outcome\" id=\"outcome-form\">\(token)"
        html += "<label>Result <select name=\"result\"><option value=\"confirmed\">confirmed</option><option value=\"unfounded\">unfounded</option></select></label> "
        html += "<label>Date <input name=\"date\" placeholder=\"YYYY-MM-DD\" pattern=\"\\d{4}-\\d{2}-\\d{2}\"></label> "
        html += "<label>Arrests <input name=\"arrests\" inputmode=\"numeric\" size=\"4\"></label> <label>Seized value <input name=\"seized\" inputmode=\"decimal\" size=\"10\"></label> "
        html += "<label>Currency <input name=\"currency\" size=\"4\" maxlength=\"3\"></label> <label>Sites shut <input name=\"sites\" inputmode=\"numeric\" size=\"4\"></label> "
        html += "\(who) \(reference) <button type=\"submit\">Record outcome</button></form></details>"
        return html + "</section>\n"
    }
}
