import Testing
@testable import ringscope

@Suite struct ProgressTests {
    @Test func barShowsCountAndElapsed() {
        #expect(Progress.bar(label: "referral packages", done: 45, total: 100, elapsed: 12.34, width: 20)
                == "ringscope: referral packages [#########-----------]  45 of 100  12.3 s")
    }

    @Test func barIsEmptyAtStartAndFullAtEnd() {
        #expect(Progress.bar(label: "x", done: 0, total: 8, elapsed: 0, width: 4) == "ringscope: x [----] 0 of 8  0.0 s")
        #expect(Progress.bar(label: "x", done: 8, total: 8, elapsed: 2.04, width: 4) == "ringscope: x [####] 8 of 8  2.0 s")
    }

    @Test func barKeepsItsWidthWhenCountsAreOdd() {
        // An empty stage counts as done; more done than total does not overflow the bar.
        #expect(Progress.bar(label: "x", done: 0, total: 0, elapsed: 1, width: 4) == "ringscope: x [####] 0 of 0  1.0 s")
        #expect(Progress.bar(label: "x", done: 9, total: 3, elapsed: 1, width: 4) == "ringscope: x [####] 9 of 3  1.0 s")
    }

    @Test func barHasNoNewline() {
        let text = Progress.bar(label: "referral packages", done: 1, total: 2, elapsed: 3)
        #expect(!text.contains("\n") && !text.contains("\r"))
    }

    @Test func tickerShowsElapsed() {
        #expect(Progress.ticker(elapsed: 4.04) == "ringscope: working … 4.0 s")
    }

    @Test func modes() {
        #expect(Progress(quiet: true, terminal: true).mode == .silent)
        #expect(Progress(quiet: true, terminal: false).callback == nil)
        #expect(Progress(quiet: false, terminal: false).mode == .lines)
    }
}
