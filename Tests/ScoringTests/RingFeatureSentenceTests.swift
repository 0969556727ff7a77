import Testing
@testable import Scoring

@Test func contributionsReadAsSentencesInTheFeaturesUnits() {
    var row = [Float](repeating: .nan, count: RingFeature.allCases.count)
    row[RingFeature.storefronts.column] = 18
    row[RingFeature.confirmedFakeShare.column] = 1.0 / 3
    row[RingFeature.genuinePurchases.column] = 2
    row[RingFeature.sharedWorkshops.column] = 1
    row[RingFeature.medianPriceRatio.column] = 0.31
    row[RingFeature.linkedConfirmedCases.column] = 1
    #expect(RingFeature.confirmedFakeShare.phrase(in: row) == "confirmed fakes on 6 of 18 storefronts")
    #expect(RingFeature.genuinePurchases.phrase(in: row) == "2 genuine test purchases")
    #expect(RingFeature.sharedWorkshops.phrase(in: row) == "1 shared workshop or supplier")
    #expect(RingFeature.medianPriceRatio.phrase(in: row) == "listings at 31 % of retail (median)")
    #expect(RingFeature.linkedConfirmedCases.phrase(in: row) == "shares entities with 1 earlier case confirmed counterfeit")
    #expect(RingFeature.medianAccountAgeDays.phrase(in: row) == "how old the ring's seller accounts are: not known")
    #expect(LearnedModel.RingScore.signed(0.314) == "+0.31")
    #expect(LearnedModel.RingScore.signed(-0.08) == "\u{2212}0.08")
    #expect(LearnedModel.RingScore.signed(0.001) == "±0.00")
}

@Test func aScoredRingsSentencesFollowItsContributions() throws {
    let (matrix, labels) = ringFixture(rows: 300, seed: 4)
    let model = try LearnedModel.train(features: matrix, labels: labels,
                                       parameters: BoosterParameters(rounds: 40, monotoneConstraints: RingFeature.monotoneConstraints, seed: 1))
    let score = try #require(try model.score(matrix.selecting(rows: [0])).first)
    let sentences = score.sentences()
    #expect(sentences.count == RingFeature.allCases.count)
    for (sentence, part) in zip(sentences, score.contributions) {
        #expect(sentence.hasPrefix(part.feature.phrase(in: Array(matrix.row(0)))))
        #expect(sentence.hasSuffix(LearnedModel.RingScore.signed(part.logOdds)))
    }
}
