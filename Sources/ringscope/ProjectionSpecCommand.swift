import ArgumentParser
import Foundation
import Investigation

/// `ringscope projection-spec`: the projection's weights, hub rule and limits as JSON, for the
/// Spark job in `distributed/`.
struct ProjectionSpecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projection-spec",
        abstract: "Print how analyze links sellers (relations, weights, hub rule, limits) as JSON.",
        discussion: """
        The Spark job (distributed/ringscope-spark) reads this instead of keeping its own copy \
        of the weights, so that a change in ringscope's projection either flows through to it \
        or, when the mechanism itself changed ("mechanism" differs), makes it refuse to run. \
        'ringscope analyze --projection DIR' refuses a projection made from another spec. \
        See docs/distributed.md.

        Example:
          $ ringscope projection-spec | head -4
          {
            "entity_files" : [
              {
                "file" : "sellers.csv",
        """
    )

    @Flag(name: .customLong("resolve-addresses"), help: "The spec of 'analyze --resolve-addresses' (which the Spark job refuses: it does not resolve addresses).")
    var resolveAddresses = false

    @Flag(name: .customLong("discount-services"), inversion: .prefixedNo,
          help: "The spec with the service discount (mechanism ringscope-projection/2, the default of 'analyze'); --no-discount-services gives ringscope-projection/1; the Spark job implements both.")
    var discountServices = true

    func run() throws {
        var parameters = Projection.Parameters()
        parameters.resolvesAddresses = resolveAddresses
        parameters.discountsServices = discountServices
        print(try ProjectionSpecCommand.json(ProjectionSpec(parameters)))
    }

    static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
