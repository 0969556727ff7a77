/// What `ringscope serve` serves and how.
public struct WorkspaceConfiguration: Sendable {
    /// The case store file (SQLite).
    public var casesPath: String
    /// Where run folders are looked for when the path the store recorded for a run is gone (runs
    /// moved or copied to another machine): `DIR/<the recorded folder's name>`. Nil: only the
    /// recorded path.
    public var runsDirectory: String?
    /// No status, outcome or note can be written: every POST is refused and no form is shown.
    public var readOnly: Bool
    /// The address to listen on: 127.0.0.1 unless the user asks for another.
    public var host: String
    /// The TCP port; 0 picks a free one.
    public var port: Int

    public init(casesPath: String, runsDirectory: String? = nil, readOnly: Bool = false, host: String = "127.0.0.1", port: Int = 8080) {
        self.casesPath = casesPath
        self.runsDirectory = runsDirectory
        self.readOnly = readOnly
        self.host = host
        self.port = port
    }
}
