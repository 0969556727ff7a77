import ArgumentParser

/// The `ringscope` command: parsing, progress and exit codes only; the work lives in the libraries.
@main
struct RingScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ringscope",
        abstract: "Find counterfeit rings in a seller-network export and write referral packages.",
        discussion: """
        RingScope reads a folder of CSV files (sellers, storefronts, payment accounts, addresses, \
        factories, links, evidence, listings; see datasets/README.md), links sellers through the \
        infrastructure they share, finds rings with Leiden community detection, scores them on \
        evidence and ranks factories for raids.

        Start with:  ringscope analyze datasets/demo
        """,
        version: RingScopeVersion.string,
        subcommands: [Analyze.self, CaseCommand.self, Changes.self, CommunitiesCommand.self, FoldIdentifiers.self, Generate.self, ImageIdentifiers.self, Keys.self, ModelCommand.self, OCR.self, PackageCommand.self, ProjectionSpecCommand.self, Resolve.self, Serve.self, ShardCommunities.self, Validate.self, Verify.self]
    )
}

enum RingScopeVersion {
    static let string = "0.1.0"
}
