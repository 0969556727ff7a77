import Foundation
import GRDB
import Testing
@testable import CaseStore

private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

@Test func aFileThatIsNotADatabaseIsRefusedAndLeftAsItIs() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let text = Data(String(repeating: "seller_id,name\nS1,Lin\n", count: 20).utf8)
    try text.write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: CaseStoreError.self) { try CaseStore(path: path) }
    #expect(error?.kind == .damaged)
    #expect(error?.description.hasPrefix("\(path): error: not a SQLite database") == true)
    #expect(bytes(path) == text)
}

@Test func aDamagedStoreIsRefusedAndLeftAsItIs() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    do {
        let store = try CaseStore(path: path)
        try store.record(run([ring("R-a", sellers: sellers("A", 1...50), accounts: ["PA1"])]))
    }
    // Fold the write-ahead log into the file, then overwrite pages past the header.
    let queue = try DatabaseQueue(path: path)
    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE") }
    try queue.close()
    var data = bytes(path)!
    for offset in stride(from: 4096, to: data.count, by: 1) { data[offset] = 0x5A }
    try data.write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: CaseStoreError.self) {
        let store = try CaseStore(path: path)
        _ = try store.cases()
    }
    #expect(error?.kind == .damaged)
    #expect(bytes(path) == data)
}

@Test func aStoreFromANewerRingScopeIsRefused() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try CaseStore(path: path)
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
        try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3: from the future')")
        try db.execute(sql: "PRAGMA user_version = 3")
    }
    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    try queue.close()
    let before = bytes(path)
    let error = #expect(throws: CaseStoreError.self) { try CaseStore(path: path) }
    #expect(error?.kind == .newerVersion)
    #expect(error?.message.contains("newer RingScope (schema version 3; this one knows up to 2)") == true)
    #expect(bytes(path) == before)
}

@Test func aSQLiteFileOfAnotherProgramIsRefused() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let queue = try DatabaseQueue(path: path)
    try queue.write { try $0.execute(sql: "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)") }
    try queue.close()
    let before = bytes(path)
    let error = #expect(throws: CaseStoreError.self) { try CaseStore(path: path) }
    #expect(error?.kind == .foreign)
    #expect(bytes(path) == before)
    #expect(try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") } == ["photos"])
}

/// Two `analyze --cases` starting a new store at once: the second found GRDB's migrations table
/// without the store's id yet (the first was between the two) and refused the file as another
/// program's. That state is a store being created: it opens and is migrated.
@Test func aStoreBeingCreatedByAnotherRunOpens() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let queue = try DatabaseQueue(path: path)
    try queue.write { try $0.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)") }
    try queue.close()
    _ = try CaseStore(path: path)
    #expect(try DatabaseQueue(path: path).read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == CaseStore.applicationID)
}

@Test func readCommandsDoNotCreateAStore() {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var options = CaseStore.Options()
    options.createsFile = false
    let error = #expect(throws: CaseStoreError.self) { try CaseStore(path: path, options: options) }
    #expect(error?.kind == .missing)
    #expect(!FileManager.default.fileExists(atPath: path))
}

@Test func aSecondWriterWaitsThenSaysTheStoreIsBusy() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let first = try CaseStore(path: path)
    var options = CaseStore.Options()
    options.busyTimeout = 0.2
    let second = try CaseStore(path: path, options: options)
    var secondError: CaseStoreError?
    var readDuringRun: [String] = []
    try first.record(run([ring("R-a", sellers: sellers("A", 1...5), accounts: ["PA1"])])) { _ in
        // While the first run holds the write lock: the second writer gives up, a reader still reads.
        do {
            try second.record(run([ring("R-b", sellers: sellers("B", 1...5), accounts: ["PB1"])], day: 1))
        } catch let error as CaseStoreError {
            secondError = error
        }
        readDuringRun = try second.runs().map(\.dataset)
        return RunFolderFacts()
    }
    #expect(secondError?.kind == .busy)
    #expect(readDuringRun.isEmpty)
    // Once the first has committed, the second records normally.
    let later = try second.record(run([ring("R-b", sellers: sellers("B", 1...5), accounts: ["PB1"])], day: 1))
    #expect(later.rings["R-b"]?.caseID == "C-2026-0002")
}

@Test func twoProcessesOpeningANewFileAtOnceBothSucceed() async throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0 ..< 4 { group.addTask { _ = try CaseStore(path: path) } }
        try await group.waitForAll()
    }
    #expect(try CaseStore(path: path).runs().isEmpty)
}
