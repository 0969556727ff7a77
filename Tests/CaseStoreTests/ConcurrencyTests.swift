import Dispatch
import Foundation
import GRDB
import Testing
@testable import CaseStore

/// What threads share in these tests, behind a lock.
private final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func update<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
    var current: Value { update { $0 } }
}

private func storeWithOneCase() throws -> (CaseStore, String, String) {
    let (folder, path) = temporaryStorePath()
    let store = try CaseStore(path: path)
    try store.record(run([ring("R-a", rank: 1, sellers: sellers("A", 1...4), accounts: ["PA1"])]))
    return (store, folder, path)
}

@Test func aReadIsNotHeldUpByAWriteInProgressAndSeesTheLastCommit() throws {
    let (store, folder, _) = try storeWithOneCase()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let before = try store.revision()
    let writeOpen = DispatchSemaphore(value: 0), readDone = DispatchSemaphore(value: 0), writerDone = DispatchSemaphore(value: 0)
    let readInTime = Shared(false)
    DispatchQueue.global().async {
        try? store.writing { db in
            try store.addEvent(db, case: "C-2026-0001", at: "2026-03-02", who: "alice", kind: "note", text: "written while another reads")
            writeOpen.signal()
            // The transaction stays open until the read is done (or 10 s: a store whose reads
            // wait for writes would finish the read only after this commit).
            let done = readDone.wait(timeout: .now() + 10) == .success
            readInTime.update { $0 = done }
        }
        writerDone.signal()
    }
    writeOpen.wait()
    let during = try store.revision()
    let history = try store.detail(of: "C-2026-0001").history
    readDone.signal()
    writerDone.wait()
    #expect(readInTime.current, "the read waited for the write to commit")
    #expect(during == before, "a read during a write sees the last commit, not the write in progress")
    #expect(!history.contains { $0.text == "written while another reads" })
    #expect(try store.revision() != before)
    #expect(try store.detail(of: "C-2026-0001").history.contains { $0.text == "written while another reads" })
}

@Test func manyWritersAndReadersAtOnceLoseNoChange() throws {
    let (store, folder, path) = try storeWithOneCase()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // A second store on the file: another process (`ringscope case note`) writing at the same time.
    let other = try CaseStore(path: path)
    let analysts = 6, notesEach = 5
    let failures = Shared<[String]>([]), historySizes = Shared<[[Int]]>([])
    DispatchQueue.concurrentPerform(iterations: 2 * analysts) { task in
        let analyst = task / 2
        if task % 2 == 0 {
            for note in 0 ..< notesEach {
                do {
                    try (analyst % 2 == 0 ? store : other).addNote(to: "C-2026-0001", "note \(note) of analyst \(analyst)", by: .init(who: "analyst \(analyst)"))
                } catch {
                    failures.update { $0.append("\(error)") }
                }
            }
        } else {
            // A reader sees the history grow, never shrink or jump back (each read is one snapshot).
            var sizes: [Int] = []
            for _ in 0 ..< 20 {
                if let count = try? store.detail(of: "C-2026-0001").history.count { sizes.append(count) }
            }
            historySizes.update { $0.append(sizes) }
        }
    }
    #expect(failures.current.isEmpty)
    let notes = try store.detail(of: "C-2026-0001").history.filter { $0.kind == "note" }.map(\.text)
    #expect(notes.count == analysts * notesEach)
    for analyst in 0 ..< analysts {
        for note in 0 ..< notesEach { #expect(notes.contains("note \(note) of analyst \(analyst)")) }
    }
    for sizes in historySizes.current {
        #expect(sizes.count == 20)
        #expect(zip(sizes, sizes.dropFirst()).allSatisfy { $0 <= $1 }, "a history read went back: \(sizes)")
    }
}

@Test func ofTwoStatusChangesFromTheSameStatusExactlyOneIsWritten() throws {
    let (store, folder, path) = try storeWithOneCase()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let other = try CaseStore(path: path)
    let outcomes = Shared<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 8) { attempt in
        let target: CaseStatus = attempt % 2 == 0 ? .underReview : .dismissed
        do {
            try (attempt % 2 == 0 ? store : other).setStatus(of: "C-2026-0001", to: target, by: .init(who: "analyst \(attempt)"), expecting: .new)
            outcomes.update { $0.append("written") }
        } catch let error as CaseStoreError {
            outcomes.update { $0.append(error.message.contains("changed meanwhile") ? "refused" : "\(error)") }
        } catch {
            outcomes.update { $0.append("\(error)") }
        }
    }
    #expect(outcomes.current.filter { $0 == "written" }.count == 1)
    #expect(outcomes.current.filter { $0 == "refused" }.count == 7, "\(outcomes.current)")
    let statusEvents = try store.detail(of: "C-2026-0001").history.filter { $0.kind == "status" }
    #expect(statusEvents.count == 1)
}
