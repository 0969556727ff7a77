import ArgumentParser

/// `ringscope model …`: learned scoring from the case store's outcomes.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Train and evaluate the learned ring ranking on the case store's outcomes.",
        discussion: """
        'analyze --cases FILE' records every ring's features (docs/learned-scoring.md lists them \
        with their units); enforcement outcomes ('ringscope case outcome', 'case import-outcomes') \
        label the rings of their cases. 'model train' learns from them (gradient-boosted trees, \
        XGBoost, with monotone constraints), prints cross-validated figures and stores the model \
        in the case store; later 'analyze --cases FILE' runs rank by the latest model and show in \
        each referral why a ring is ranked where it is. Fewer than 30 confirmed or 30 unfounded \
        outcomes: no model, the rule score ranks.

        Example:
          ringscope analyze datasets/demo --cases output/cases.sqlite
          ringscope case import-outcomes partner/outcomes.csv --cases output/cases.sqlite
          ringscope model train --cases output/cases.sqlite
          ringscope analyze datasets/demo --cases output/cases.sqlite   (ranked by the model)
          ringscope model evaluate --cases output/cases.sqlite
        """,
        subcommands: [ModelTrain.self, ModelEvaluate.self]
    )
}
