import CaseStore
import Foundation
import Hummingbird

/// Every response's security headers, and every error turned into a plain page: a
/// ``WorkspaceError`` or a refused ``CaseStoreError`` request shows its message; anything else
/// shows "internal error" and is logged to stderr, never sent to the browser.
struct WorkspaceMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let workspace: Workspace

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = WorkspaceMiddleware.errorPage(error, readOnly: workspace.configuration.readOnly)
        }
        if response.headers[HTML.policyField] == nil { response.headers[HTML.policyField] = HTML.contentSecurityPolicy }
        response.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPFields.Element.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPFields.Element.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }

    static func errorPage(_ error: any Error, readOnly: Bool) -> Response {
        let status: HTTPResponse.Status
        let message: String
        switch error {
        case let error as WorkspaceError:
            (status, message) = (error.status, error.message)
        case let error as CaseStoreError where error.kind == .invalidRequest:
            (status, message) = (.badRequest, error.message)
        case let error as CaseStoreError where error.kind == .busy:
            (status, message) = (.serviceUnavailable, error.message)
        case let error as HTTPError:
            (status, message) = (error.status, error.status == .notFound ? "no such page" : (error.body ?? error.status.reasonPhrase))
        default:
            FileHandle.standardError.write(Data("ringscope serve: error: \(error)\n".utf8))
            (status, message) = (.internalServerError, "internal error: the server could not answer this request (details are in the server's log)")
        }
        let body = "<h1>\(status.code) \(HTML.escape(status.reasonPhrase))</h1><p class=\"error\">\(HTML.escape(message))</p><p><a href=\"/\">Back to the queue</a></p>"
        return Workspace.html(HTML.page(title: "Error", body: body, readOnly: readOnly), status: status)
    }
}
