import Foundation
import Testing

/// `ringscope ocr --save-prepared DIR` writes what tesseract is given, and never over a file
/// already in DIR: not the user's own, not another image's of the same name.
@Suite struct OCRSavePreparedTests {
    static let demoImage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets/demo/images/IM01c04bdc.png").path

    @Test func aFileAlreadyThereIsKeptAndNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ocr-prepared-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let own = folder + "/IM01c04bdc.page-automatic.png"
        try Data("the user's own file".utf8).write(to: URL(fileURLWithPath: own))

        let outcome = CommandRunner.run(["ocr", Self.demoImage, "--save-prepared", folder, "--ocr-cache", "none"], timeLimit: 300)
        #expect(outcome.status == 0, "\(outcome.description)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: own)) == Data("the user's own file".utf8))
        #expect(outcome.stderr.contains("IM01c04bdc.page-automatic.png: warning: already exists; not overwritten"), "\(outcome.stderr)")
    }
}
