import CaseStore
import Foundation
import Hummingbird

/// The analyst workspace behind `ringscope serve`: a local web application over a case store
/// and its run folders. Pages are rendered on the server from the store (each request reads it
/// afresh, so a change made with `ringscope case …` shows at the next reload) and every change
/// goes through ``CaseStore`` in one transaction with who and when.
///
/// ```swift
/// let workspace = try Workspace(WorkspaceConfiguration(casesPath: "output/cases.sqlite"))
/// try await workspace.run()
/// ```
public final class Workspace: Sendable {
    public let configuration: WorkspaceConfiguration
    let store: CaseStore
    let folders: RunFolders
    let tokens: SessionTokens
    let queueCache = QueueCache()
    let casePages = CasePageCache()

    /// Opens the case store (never creating one).
    ///
    /// - Throws: ``CaseStoreError`` for a missing, foreign, damaged or newer-version store.
    public init(_ configuration: WorkspaceConfiguration) throws {
        self.configuration = configuration
        var options = CaseStore.Options()
        options.createsFile = false
        options.busyTimeout = 10
        store = try CaseStore(path: configuration.casesPath, options: options)
        folders = RunFolders(runsDirectory: configuration.runsDirectory)
        tokens = SessionTokens()
    }

    /// The routes, for the server and for route tests.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: WorkspaceMiddleware(workspace: self))
        // Every route that reads the store or the run folder, or renders a page, does it on
        // ``BlockingWork``'s threads, never on the cooperative threads that serve the sockets.
        router.get("/") { request, _ in try await BlockingWork.run { try self.queue(request) } }
        router.get("/cases/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await BlockingWork.run { try self.casePage(request, id: id) }
        }
        router.post("/cases/:id/:action") { request, context in
            try await self.action(request, id: context.parameters.require("id"), action: context.parameters.require("action"))
        }
        router.get("/cases/:id/referral.zip") { _, context in
            let id = try context.parameters.require("id")
            return try await BlockingWork.run { try self.referralZip(id: id) }
        }
        router.get("/cases/:id/map.svg") { _, context in
            let id = try context.parameters.require("id")
            return try await BlockingWork.run { try self.caseMap(id: id) }
        }
        router.get("/runs/:run/rings/:ring/:file") { _, context in
            let (run, ring, file) = try (context.parameters.require("run"), context.parameters.require("ring"), context.parameters.require("file"))
            return try await BlockingWork.run { try self.ringFile(run: run, ring: ring, file: file) }
        }
        router.get("/runs/:run/rings/:ring/images/:file") { _, context in
            let (run, ring, file) = try (context.parameters.require("run"), context.parameters.require("ring"), context.parameters.require("file"))
            return try await BlockingWork.run { try self.ringFile(run: run, ring: ring, file: "images/" + file) }
        }
        router.get("/runs/:run/:file") { _, context in
            let (run, file) = try (context.parameters.require("run"), context.parameters.require("file"))
            return try await BlockingWork.run { try self.runFile(run: run, file: file) }
        }
        router.get("/factories") { _, _ in try await BlockingWork.run { try self.factoriesPage() } }
        router.get("/map") { _, _ in try await BlockingWork.run { try self.mapPage() } }
        router.get("/assets/:file") { _, context in try Assets.response(for: context.parameters.require("file")) }
        return router
    }

    /// Serves until SIGINT or SIGTERM; prints the address once the socket is bound.
    public func run(announce: @escaping @Sendable (String) -> Void) async throws {
        let host = configuration.host
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                announce("http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
            }
        )
        try await app.runService()
    }

    // MARK: - Responses

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        html(ByteBuffer(string: text), status: status)
    }

    static func html(_ bytes: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: bytes))
    }

    /// The session of a request: its cookie's id, or a new id (and the cookie to set) for a first visit.
    func session(of request: Request) -> (id: String, cookie: Cookie?) {
        if let value = request.cookies[SessionTokens.cookieName]?.value, SessionTokens.isSessionID(value) {
            return (value, nil)
        }
        let id = SessionTokens.newSession()
        return (id, Cookie(name: SessionTokens.cookieName, value: id, path: "/", httpOnly: true, sameSite: .strict))
    }

    /// The run a store names, or 404.
    func run(_ text: String) throws -> RunInfo {
        guard let number = Int(text), let run = try store.runs().first(where: { $0.id == number }) else {
            throw WorkspaceError(.notFound, "no run \(text) in this case store")
        }
        return run
    }

    func ringFile(run runText: String, ring: String, file: String) throws -> Response {
        let run = try run(runText)
        guard let path = folders.ringFile(run: run, ring: ring, file: file) else {
            throw WorkspaceError(.notFound, "no such file in run \(run.id)")
        }
        return try Workspace.file(path)
    }

    func runFile(run runText: String, file: String) throws -> Response {
        let run = try run(runText)
        guard Workspace.contentTypes[(file as NSString).pathExtension.lowercased()] != nil, let path = folders.runFile(run: run, file: file) else {
            throw WorkspaceError(.notFound, "no such file in run \(run.id)")
        }
        return try Workspace.file(path)
    }

    /// The file types the workspace serves from run folders, and their media types.
    static let contentTypes = [
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "pdf": "application/pdf",
        "html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8", "md": "text/plain; charset=utf-8", "json": "application/json", "webp": "image/webp",
    ]

    static func file(_ path: String) throws -> Response {
        guard let type = contentTypes[(path as NSString).pathExtension.lowercased()] else {
            throw WorkspaceError(.notFound, "this kind of file is not served")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw WorkspaceError(.notFound, "the file could not be read") }
        var response = Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=60"],
                                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        if type.hasPrefix("text/html") {
            // A run's own page (map.html) keeps the script hashes of its own policy, and runs
            // sandboxed: an opaque origin that cannot read the workspace's cookies or post its forms.
            response.headers[HTML.policyField] = "sandbox allow-scripts; frame-ancestors 'self'"
        }
        return response
    }
}

/// An error shown to the user as a page with its status and message (never a stack trace).
struct WorkspaceError: Error {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }
}
