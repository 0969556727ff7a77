import ArgumentParser
import Foundation
import WorldGenerator

extension Generate {
    /// `generate --snapshot-of BASE DIR`: the same world `--days` later, written atomically.
    func writeSnapshot(of base: String, to target: URL) throws {
        let source = URL(fileURLWithPath: base).standardizedFileURL
        if source.path == target.path { throw GenerateError(description: "the snapshot must go to another folder than \(base)") }
        var parameters = WorldSnapshot.Parameters(seed: seed, days: days)
        parameters.days = days
        let summary: WorldSnapshot.Summary
        do {
            summary = try GeneratedFolder.writeAtomically(to: target) { temporary in
                try WorldSnapshot(parameters).write(from: source, to: temporary) { stage in
                    FileHandle.standardError.write(Data("generate: \(stage)\n".utf8))
                }
            }
        } catch let error as WorldGenerator.ParameterError {
            throw GenerateError(description: error.message)
        }
        print("wrote \(target.path)")
        print(summary)
    }
}
