import Foundation
import Testing
@testable import CaseFiles
import Investigation
import SellerGraph
import TestFixtures

@Suite struct RunFolderTests {
    @discardableResult
    private func analyse(_ world: MiniWorld, to destination: String, threads: Int = 1) throws -> Manifest {
        let directory = try world.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try analyse(directory: directory, to: destination, threads: threads)
    }

    @discardableResult
    private func analyse(directory: String, to destination: String, threads: Int = 1) throws -> Manifest {
        let loaded = try DatasetLoader(directory: directory).load()
        var options = Investigation.Options()
        options.threads = threads
        let investigation = Investigation(network: loaded.network, options: options)
        return try CaseFileWriter().write(investigation, datasetDirectory: directory, files: loaded.files, to: destination)
    }

    private func temporaryPath() -> String { NSTemporaryDirectory() + "ringscope-run-" + UUID().uuidString }

    private func contents(of directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: directory) ?? [] {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { result[path] = FileManager.default.contents(atPath: directory + "/" + path) }
        }
        return result
    }

    @Test func twoRunsAreByteIdenticalWhateverTheThreads() throws {
        let first = temporaryPath(), second = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: first); try? FileManager.default.removeItem(atPath: second) }
        let world = try MiniWorld().write()
        defer { try? FileManager.default.removeItem(atPath: world) }
        try analyse(directory: world, to: first, threads: 1)
        try analyse(directory: world, to: second, threads: 2)
        let a = try contents(of: first), b = try contents(of: second)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.keys.contains("manifest.json") && a.keys.contains("rings.csv"))
        for (path, data) in a { #expect(b[path] == data, "\(path) differs") }
    }

    @Test func verifyPassesThenFailsAfterOneByteChanges() throws {
        let run = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: run) }
        try analyse(MiniWorld(), to: run)
        #expect(try RunVerifier().verify(runDirectory: run).isIntact)
        let path = run + "/rings.csv"
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let report = try RunVerifier().verify(runDirectory: run)
        #expect(report.changed == ["rings.csv"])
        #expect(!report.isIntact)
    }

    @Test func refusesToOverwriteAFolderThatIsNotARun() throws {
        let folder = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        #expect(throws: RunFolder.Error.self) { try analyse(MiniWorld(), to: folder) }
        #expect(FileManager.default.contents(atPath: folder + "/notes.txt") == Data("precious".utf8))
    }

    @Test func replacesAPreviousRunAndLeavesNoStagingFolder() throws {
        let run = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: run) }
        try analyse(MiniWorld(), to: run)
        try analyse(MiniWorld(ringAFakes: 1), to: run)
        let parent = URL(fileURLWithPath: run).deletingLastPathComponent().path
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.contains(URL(fileURLWithPath: run).lastPathComponent + ".ringscope-staging") }
        #expect(leftovers.isEmpty)
        #expect(try RunVerifier().verify(runDirectory: run).isIntact)
    }

    @Test func spreadsheetFormulasInDataAreNeutralised() throws {
        let run = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: run) }
        try analyse(MiniWorld(firstRingSellerCell: "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), to: run)
        let ringFolder = try FileManager.default.contentsOfDirectory(atPath: run + "/rings").sorted().first!
        let members = String(decoding: FileManager.default.contents(atPath: run + "/rings/" + ringFolder + "/members.csv")!, as: UTF8.self)
        let referral = String(decoding: FileManager.default.contents(atPath: run + "/rings/" + ringFolder + "/referral.md")!, as: UTF8.self)
        #expect(members.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""))
        #expect(!members.contains(",=HYPERLINK"))
        #expect(referral.contains("=HYPERLINK"))
    }
}
