import Foundation
import GRDB

/// The case database: one SQLite file (WAL mode, no server) that keeps every recorded run, the
/// cases its rings open or continue, their statuses, notes and enforcement outcomes.
///
/// All SQL of RingScope lives in this target, behind this small Swift API, so that the command
/// line, the analyst web app and learned scoring read and write cases the same way. Every value
/// goes to SQLite as a bound parameter, never spliced into SQL text.
///
/// Reads and writes go through a GRDB `DatabasePool`: one writer connection and up to
/// ``Options/readers`` reader connections, so that reads (the analyst workspace's pages) run at
/// the same time as each other and as a write, each on a snapshot of the last commit (WAL).
///
/// Safety: a run is recorded in one transaction that commits only after its run folder is in
/// place (``record(_:writeRunFolder:)``), so a killed run leaves the file as it was (SQLite's
/// write-ahead log rolls an unfinished transaction back). Two processes may use one file: the
/// second writer waits up to ``Options/busyTimeout`` seconds, then gets a ``CaseStoreError``
/// of kind `.busy`. A file written by a newer RingScope, a SQLite file of another program, or a
/// damaged file is refused with a clear error and never written to.
///
/// ```swift
/// let store = try CaseStore(path: "output/cases.sqlite")
/// for row in try store.cases() { print(row.id, row.status, row.summary) }
/// ```
public final class CaseStore: Sendable {
    public struct Options: Sendable {
        /// Seconds a writer waits for another process's transaction before giving up as busy.
        public var busyTimeout: TimeInterval = 60
        /// Whether a missing file is created (recording a run) or refused (`case list`).
        public var createsFile = true
        /// The most reads that run at once (each on its own SQLite connection); more wait for one
        /// to finish. The analyst workspace serves many pages at once; a command reads one at a time.
        public var readers = 5
        public init() {}
    }

    /// SQLite's `application_id` of a case store ("RSCS"), written by the first migration: a
    /// SQLite file of another program is refused instead of being filled with case tables.
    static let applicationID: Int32 = 0x5253_4353
    /// The schema version this RingScope writes (`PRAGMA user_version`, the number of migrations).
    public static let schemaVersion = CaseStoreSchema.migrator.migrations.count

    /// The database file.
    public let path: String
    /// One writer and concurrent readers (WAL): a read never waits for a write, nor for another read.
    let pool: DatabasePool

    /// Opens (or, with `options.createsFile`, creates) the case store at `path` and brings its
    /// schema up to date.
    ///
    /// - Throws: ``CaseStoreError`` `.missing`, `.damaged`, `.foreign`, `.newerVersion`, `.busy`.
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            throw CaseStoreError(.foreign, path: path, message: "is a folder, not a case store file; give a file path such as output/cases.sqlite")
        }
        if !exists {
            guard options.createsFile else {
                throw CaseStoreError(.missing, path: path, message: "no case store here; record a run first: ringscope analyze DATASET --cases \(path)")
            }
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.label = "CaseStore"
        // Foreign keys are declared in the schema and enforced.
        configuration.foreignKeysEnabled = true
        configuration.maximumReaderCount = max(1, options.readers)
        // A run's tens of MB of rows and index pages stay in memory until the commit instead of
        // being spilled to the write-ahead log and read back (SQLite's default cache is 2 MB).
        // Only the writer's: each reader connection keeps SQLite's default 2 MB, so a server's
        // readers do not hold 64 MB each.
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -65536") }
        }
        do {
            // An existing file is first read without writing: switching a foreign or newer file
            // to WAL mode would already change it.
            if exists {
                var readOnly = Configuration()
                readOnly.readonly = true
                readOnly.busyMode = .timeout(options.busyTimeout)
                let inspector = try DatabaseQueue(path: path, configuration: readOnly)
                try CaseStore.checkIdentity(inspector, path: path)
                try inspector.close()
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try CaseStore.migrate(pool, path: path)
        } catch {
            throw CaseStore.mapped(error, path: path)
        }
    }

    /// Refuses a file that is not ours or is newer than this RingScope, before writing anything.
    private static func checkIdentity(_ queue: DatabaseQueue, path: String) throws {
        try queue.read { db in
            // Reading the header and the schema fails with SQLITE_NOTADB on a file that is not a
            // database, and with SQLITE_CORRUPT on a damaged one.
            let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            if application != applicationID {
                // Only GRDB's bookkeeping table and no id yet: another RingScope is creating this
                // store this instant (the migrator records its table before the first migration
                // sets the id); opening it waits for that migration and finds it done.
                let beingCreated = application == 0 && tables.allSatisfy { $0 == "grdb_migrations" }
                if !beingCreated {
                    throw CaseStoreError(.foreign, path: path, message: "a SQLite database of another program (tables \(tables.prefix(4).joined(separator: ", ")), application id \(application)), not a RingScope case store; it was left as it is. Choose another --cases file")
                }
                return
            }
            if try CaseStoreSchema.migrator.hasBeenSuperseded(db) {
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                throw CaseStoreError(.newerVersion, path: path, message: "written by a newer RingScope (schema version \(version); this one knows up to \(schemaVersion)); it was left as it is. Use the newer ringscope with this file")
            }
        }
    }

    /// Applies the migrations this file lacks. Two processes opening a new file at once both
    /// try; the loser finds the work done. While the winner is between its steps (the migrations
    /// table made, the first migration not yet committed) the loser's attempt can fail ("no such
    /// table", busy): it then forgets what it cached of the schema, waits (20 ms, doubling, up to
    /// `patience` seconds in all) and tries again, until the migrations are complete.
    private static func migrate(_ pool: DatabasePool, path: String, patience: TimeInterval = 10) throws {
        let migrator = CaseStoreSchema.migrator
        if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
        var wait = 0.02, waited = 0.0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                pool.writeWithoutTransaction { $0.clearSchemaCache() }
                if (try? pool.read({ try migrator.hasCompletedMigrations($0) })) == true { return }
                guard waited < patience else { throw error }
                Thread.sleep(forTimeInterval: wait)
                waited += wait
                wait = min(wait * 2, 0.5)
            }
        }
    }

    /// Turns a GRDB or SQLite error into a ``CaseStoreError`` that says what to do; any other
    /// error (one thrown by a caller's closure, such as writing the run folder) passes unchanged.
    static func mapped(_ error: any Error, path: String) -> any Error {
        guard let database = error as? DatabaseError else { return error }
        switch database.resultCode {
        case .SQLITE_NOTADB:
            return CaseStoreError(.damaged, path: path, message: "not a SQLite database (or its header is damaged); it was left as it is. Restore it from a backup, or choose another --cases file")
        case .SQLITE_CORRUPT:
            return CaseStoreError(.damaged, path: path, message: "the database is damaged (\(database.message ?? "corrupt")); it was left as it is. Restore it from a backup (sqlite3 FILE .recover can save what is readable)")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return CaseStoreError(.busy, path: path, message: "busy: another ringscope process is writing to it (a run being recorded); try again when it has finished")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return CaseStoreError(.database, path: path, message: "cannot write to it (\(database.message ?? "read-only")); check the file's and folder's permissions")
        case .SQLITE_FULL:
            return CaseStoreError(.database, path: path, message: "the disk is full; nothing was recorded")
        default:
            return CaseStoreError(.database, path: path, message: "SQLite: \(database.message ?? database.description)")
        }
    }

    /// Runs `body` in a read transaction on one of the reader connections (a snapshot of the
    /// last commit; other reads and a write go on meanwhile), errors mapped.
    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw CaseStore.mapped(error, path: path) }
    }

    /// Runs `body` in one immediate write transaction (the write lock is taken at its start, so
    /// a busy file is reported before any work), errors mapped.
    func writing<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw CaseStore.mapped(error, path: path)
        }
    }
}
