import Testing
@testable import CaseFiles

@Suite struct SafetyTests {
    @Test(arguments: [("../../x", "_._.._x"), ("R-1234abcd", "R-1234abcd"), ("a/b\u{0}c", "a_b_c"), ("..", "_."), ("CON", "_CON"), ("", "_")])
    func fileNamesAreSanitised(id: String, expected: String) {
        #expect(sanitizedFileName(id) == expected)
    }

    @Test func collisionsResolveDeterministically() {
        var names = SafeNames()
        #expect(names.name(for: "a/b") == "a_b")
        #expect(names.name(for: "a_b") == "a_b~2")
        #expect(names.name(for: "A_B") == "A_B~3")
    }

    @Test func markdownIsEscaped() {
        #expect(markdownEscaped("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(markdownEscaped("a | b\n# c") == "a \\| b # c")
        #expect(markdownEscaped("[x](http://evil)") == "\\[x\\](http://evil)")
    }
}
