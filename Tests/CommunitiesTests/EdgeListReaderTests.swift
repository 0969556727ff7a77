import Testing
@testable import Communities
#if canImport(Glibc)
import Glibc
#endif

@Suite struct EdgeListReaderTests {
    @Test func internsTokensInOrderOfFirstAppearance() throws {
        let edges = try EdgeListReader.parse("""
        # a comment line
        seller-9\tx 2.5
          x   07   # trailing comment

        07 seller-9\r
        """)
        #expect(edges.nodeCount == 3)
        #expect((0 ..< 3).map(edges.name(of:)) == ["seller-9", "x", "07"])
        #expect(edges.sources == [0, 1, 2])
        #expect(edges.targets == [1, 2, 0])
        #expect(edges.weights == [2.5, 1, 1])
        let graph = edges.graph()
        #expect(graph.edgeCount == 3)
        #expect(graph.totalWeight == 4.5)
    }

    /// Small decimal ids take a direct array, others a hash table; the same token must land on
    /// the same node either way, and different spellings of one number stay different nodes.
    @Test func decimalAndOtherIdsStayDistinct() throws {
        let edges = try EdgeListReader.parse("7 07\n007 0\n99999999 16777216\n16777215 7\n0 07\n99999999 +7\n")
        #expect((0 ..< edges.nodeCount).map(edges.name(of:)) == ["7", "07", "007", "0", "99999999", "16777216", "16777215", "+7"])
        #expect(edges.sources == [0, 2, 4, 6, 3, 4])
        #expect(edges.targets == [1, 3, 5, 0, 1, 7])
    }

    @Test func unweightedListsStoreNoWeights() throws {
        let edges = try EdgeListReader.parse("1 2\n2 3\n1 3")
        #expect(edges.weights.isEmpty)
        #expect(edges.edgeCount == 3)
    }

    @Test(arguments: [
        ("a b\nc\n", "<input>:2:2: error: missing second node; expected 'a b [weight]'"),
        ("a b 1 2\n", "<input>:1:7: error: unexpected fourth field; expected 'a b [weight]' (use '#' for comments)"),
        ("a b\n a  b -1\n", "<input>:2:7: error: weight \"-1\" is negative; weights must be finite and ≥ 0"),
        ("a b nan\n", "<input>:1:5: error: weight \"nan\" is not finite; weights must be finite and ≥ 0"),
        ("a b inf\n", "<input>:1:5: error: weight \"inf\" is not finite; weights must be finite and ≥ 0"),
        ("a b 1e999\n", "<input>:1:5: error: weight \"1e999\" is not finite; weights must be finite and ≥ 0"),
        ("a b 2x\n", "<input>:1:5: error: weight \"2x\" is not a number"),
    ])
    func badLinesReportLineAndColumn(text: String, message: String) {
        #expect(throws: EdgeListError.self) { try EdgeListReader.parse(text) }
        do {
            _ = try EdgeListReader.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func readsFilesAcrossBufferBoundariesAndWritesMembership() throws {
        // More than one 1 MiB read, no final newline: every line must survive the seams.
        var text = ""
        for index in 0 ..< 120_000 { text += "node\(index) node\(index + 1) 1.5\n" }
        text += "last node0"
        let path = "/tmp/ringscope-edgelist-test-\(getpid()).txt"
        let file = fopen(path, "w")!
        _ = text.utf8CString.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count - 1, file) }
        fclose(file)
        defer { unlink(path) }
        let edges = try EdgeListReader.read(contentsOf: path)
        #expect(edges.edgeCount == 120_001)
        #expect(edges.nodeCount == 120_002)
        #expect(edges.name(of: 120_000) == "node120000")
        #expect(edges.name(of: 120_001) == "last")
        #expect(edges.weights.last == 1)
        let partition = Partition(labels: (0 ..< edges.nodeCount).map { Int32($0 % 3) })
        let table = String(decoding: edges.membershipTable(partition), as: UTF8.self)
        #expect(table.hasPrefix("node0\t0\nnode1\t1\nnode2\t2\nnode3\t0\n"))
        #expect(throws: EdgeListError.self) { try EdgeListReader.read(contentsOf: path + ".missing") }
    }
}
