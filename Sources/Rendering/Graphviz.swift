import CGraphviz
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The only place that touches Graphviz's C API.
///
/// Every `GVC_t*` and `Agraph_t*` is created and freed inside one call of `render`:
/// `gvContext()`/`gvFreeContext`, `agopen`/`agclose`, `gvLayout`/`gvFreeLayout`,
/// `gvRenderData`/`gvFreeRenderData`, each paired with a `defer`. Graphviz keeps global
/// state and is not thread-safe, so every call runs under one process-wide lock.
/// Graphviz's messages (normally printed on stderr) are captured by the shim's `agerr`
/// sink and become the message of a `RenderingError`.
///
/// A layout may run in a forked child process (`timeLimit` non-nil): the child lays the
/// graph out and renders it, writes the documents to a pipe and exits; the parent kills it
/// when the time limit passes. That is how a layout that would run for hours is stopped —
/// Graphviz has no way to cancel a layout in process. `gvContext()` loads the plugins in
/// process; no `dot` executable is ever run.
enum Graphviz {
    /// Held around every Graphviz call, and by `PDFDocumentWriter` around its pango and cairo
    /// calls: a layout child forked while another thread holds a fontconfig or pango lock
    /// would hang on it until killed.
    static let lock = Mutex<Void>(())

    /// What one render produced.
    struct Outcome: Sendable {
        var documents: [DiagramFormat: [UInt8]]
        /// Graphviz warnings collected while building the graph, one per line.
        var messages: [String]
    }

    /// Lays `graph` out with `engine` and renders it in `formats`.
    ///
    /// - Parameter timeLimit: seconds after which the layout is stopped; `nil` lays out in
    ///   process with no limit (only for graphs already known to be small).
    static func render(
        _ graph: DiagramGraph,
        engine: LayoutEngine,
        formats: Set<DiagramFormat>,
        timeLimit: Double?
    ) throws -> Outcome {
        try graph.validate()
        return try lock.withLock { _ throws -> Outcome in
            try renderHoldingLock(graph, engine: engine, formats: formats, timeLimit: timeLimit)
        }
    }

    /// The Graphviz version string (e.g. "2.42.2").
    static var version: String {
        lock.withLock { _ -> String in
            guard let context = gvContext() else { return "unknown" }
            defer { gvFreeContext(context) }
            guard let info = gvcVersion(context) else { return "unknown" }
            return String(cString: info)
        }
    }

    /// Reads DOT text back: node count, edge count and each node's `label`, in file order.
    /// For tests that check a written DOT file means what was meant.
    static func read(dot: [UInt8]) throws -> (nodes: Int, edges: Int, labels: [String]) {
        try lock.withLock { _ throws -> (nodes: Int, edges: Int, labels: [String]) in
            rs_begin_capturing_messages()
            let text = String(decoding: dot, as: UTF8.self)
            guard let graph = agmemread(text) else {
                throw RenderingError(.invalidGraph, "DOT does not parse: \(capturedMessages())")
            }
            defer { agclose(graph) }
            var labels: [String] = []
            var node = agfstnode(graph)
            while let current = node {
                let value = withMutableCString("label") { agget(UnsafeMutableRawPointer(current), $0) }
                labels.append(value.map { String(cString: $0) } ?? "")
                node = agnxtnode(graph, current)
            }
            return (Int(agnnodes(graph)), Int(agnedges(graph)), labels)
        }
    }

    private static func renderHoldingLock(
        _ graph: DiagramGraph,
        engine: LayoutEngine,
        formats: Set<DiagramFormat>,
        timeLimit: Double?
    ) throws -> Outcome {
        rs_begin_capturing_messages()
        guard let context = gvContext() else {
            throw RenderingError(.unavailable, "gvContext() failed: \(capturedMessages())")
        }
        defer { gvFreeContext(context) }

        let root = try build(graph)
        defer { agclose(root) }

        var documents: [DiagramFormat: [UInt8]] = [:]
        if formats.contains(.dot) {
            // The DOT source is written before layout, so it holds no coordinates and does
            // not depend on the engine's floating point.
            documents[.dot] = try writeDOT(root)
        }
        let laidOutFormats = formats.subtracting([.dot]).sorted()
        if !laidOutFormats.isEmpty {
            if let timeLimit {
                let rendered = try layOutInChild(context, root, engine: engine, formats: laidOutFormats, timeLimit: timeLimit)
                documents.merge(rendered) { _, new in new }
            } else {
                guard gvLayout(context, root, engine.rawValue) == 0 else {
                    throw RenderingError(.layoutFailed, "\(engine.rawValue): \(capturedMessages())")
                }
                defer { gvFreeLayout(context, root) }
                for format in laidOutFormats {
                    documents[format] = try renderData(context, root, format: format.graphvizFormat)
                }
            }
        }
        return Outcome(documents: documents, messages: capturedMessages().split(separator: "\n").map(String.init))
    }

    private static func capturedMessages() -> String {
        String(cString: rs_captured_messages()).trimmingCharacters(inSet: " \n")
    }

    // MARK: Building the cgraph graph

    private static func build(_ graph: DiagramGraph) throws -> UnsafeMutablePointer<Agraph_t> {
        let description = graph.isDirected ? rs_directed() : rs_undirected()
        guard let root = withMutableCString(GraphvizText.identifier(graph.name), { rs_open_graph($0, description) }) else {
            throw RenderingError(.unavailable, "agopen failed: \(capturedMessages())")
        }
        // Graph attributes first: in DOT, subgraphs inherit them, and the cgraph API does the same.
        for (name, value) in graph.attributes.sorted(by: { $0.key < $1.key }) {
            set(UnsafeMutableRawPointer(root), name, value, default: "")
        }
        for (name, value) in graph.nodeDefaults.sorted(by: { $0.key < $1.key }) {
            _ = withMutableCString(name) { n in withMutableCString(attributeValue(name, value)) { v in agattr(root, Int32(AGNODE), n, v) } }
        }
        for (name, value) in graph.edgeDefaults.sorted(by: { $0.key < $1.key }) {
            _ = withMutableCString(name) { n in withMutableCString(attributeValue(name, value)) { v in agattr(root, Int32(AGEDGE), n, v) } }
        }

        var handles: [String: UnsafeMutablePointer<Agnode_t>] = [:]
        handles.reserveCapacity(graph.nodes.count)
        for (index, node) in graph.nodes.enumerated() {
            guard let handle = withMutableCString("n\(index)", { agnode(root, $0, 1) }) else {
                agclose(root)
                throw RenderingError(.invalidGraph, "agnode failed: \(capturedMessages())")
            }
            handles[node.id] = handle
            var attributes = node.attributes
            // Without a label Graphviz would show the internal name; show the caller's id.
            if attributes["label"] == nil, graph.nodeDefaults["label"] == nil { attributes["label"] = node.id }
            for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
                // A node without its own label shows its name; keep that default for label.
                set(UnsafeMutableRawPointer(handle), name, value, default: name == "label" ? "\\N" : "")
            }
        }
        for edge in graph.edges {
            guard let tail = handles[edge.from], let head = handles[edge.to],
                  let handle = agedge(root, tail, head, nil, 1)
            else {
                agclose(root)
                throw RenderingError(.invalidGraph, "agedge failed: \(capturedMessages())")
            }
            for (name, value) in edge.attributes.sorted(by: { $0.key < $1.key }) {
                set(UnsafeMutableRawPointer(handle), name, value, default: "")
            }
        }
        var counter = 0
        func add(_ subgraph: DiagramGraph.Subgraph, to parent: UnsafeMutablePointer<Agraph_t>) -> Bool {
            counter += 1
            let name = (subgraph.isCluster ? "cluster_" : "group_") + String(counter)
            guard let handle = withMutableCString(name, { agsubg(parent, $0, 1) }) else { return false }
            var attributes = subgraph.attributes
            if subgraph.isCluster, attributes["label"] == nil { attributes["label"] = "" }
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
                set(UnsafeMutableRawPointer(handle), key, value, default: "")
            }
            for id in subgraph.nodeIDs {
                guard let node = handles[id], agsubnode(handle, node, 1) != nil else { return false }
            }
            return subgraph.subgraphs.allSatisfy { add($0, to: handle) }
        }
        for subgraph in graph.subgraphs where !add(subgraph, to: root) {
            agclose(root)
            throw RenderingError(.invalidGraph, "agsubg failed: \(capturedMessages())")
        }
        return root
    }

    private static func attributeValue(_ name: String, _ value: String) -> String {
        GraphvizText.textAttributes.contains(name) ? GraphvizText.escape(value) : value
    }

    private static func set(_ object: UnsafeMutableRawPointer, _ name: String, _ value: String, default defaultValue: String) {
        withMutableCString(name) { n in
            withMutableCString(attributeValue(name, value)) { v in
                withMutableCString(defaultValue) { d in
                    _ = agsafeset(object, n, v, d)
                }
            }
        }
    }

    /// cgraph takes `char *` but copies every string it is given.
    private static func withMutableCString<R>(_ string: String, _ body: (UnsafeMutablePointer<CChar>) throws -> R) rethrows -> R {
        try string.withCString { try body(UnsafeMutablePointer(mutating: $0)) }
    }

    // MARK: Rendering

    private static func renderData(_ context: OpaquePointer, _ graph: UnsafeMutablePointer<Agraph_t>, format: String) throws -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(context, graph, format, &data, &length) == 0, let data else {
            throw RenderingError(.renderFailed, "\(format): \(capturedMessages())")
        }
        defer { gvFreeRenderData(data) }
        return [UInt8](UnsafeRawBufferPointer(start: data, count: Int(length)))
    }

    private static func writeDOT(_ graph: UnsafeMutablePointer<Agraph_t>) throws -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        var length = 0
        let status = rs_write_dot(graph, &data, &length)
        defer { free(data) }
        guard status == 0, let data else {
            throw RenderingError(.renderFailed, "dot: \(capturedMessages())")
        }
        return [UInt8](UnsafeRawBufferPointer(start: data, count: length))
    }

    /// Forks a child that lays out and renders; reads its frames until EOF or the deadline.
    private static func layOutInChild(
        _ context: OpaquePointer,
        _ graph: UnsafeMutablePointer<Agraph_t>,
        engine: LayoutEngine,
        formats: [DiagramFormat],
        timeLimit: Double
    ) throws -> [DiagramFormat: [UInt8]] {
        var pipeEnds: [Int32] = [-1, -1]
        guard rs_pipe_cloexec(&pipeEnds) == 0 else {
            throw RenderingError(.system, "pipe failed (errno \(errno))")
        }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }

        let formatNames = formats.map { strdup($0.graphvizFormat) }
        defer { formatNames.forEach { free($0) } }
        let child: pid_t = formatNames.map { UnsafePointer<CChar>($0) }.withUnsafeBufferPointer { names in
            rs_fork_layout_render(context, graph, engine.rawValue, names.baseAddress, Int32(names.count), readEnd, writeEnd)
        }
        close(writeEnd)
        guard child > 0 else { throw RenderingError(.system, "fork failed (errno \(errno))") }

        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(timeLimit * 1000)))
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        reading: while true {
            let remaining = clock.now.duration(to: deadline)
            if remaining <= .zero {
                kill(child, SIGKILL)
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0 && errno == EINTR {}
                throw RenderingError(.layoutTimedOut, "\(engine.rawValue) did not finish within \(timeLimit) s")
            }
            let milliseconds = Int32(clamping: max(1, min(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000, 500)))
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw RenderingError(.system, "poll failed (errno \(errno))")
            }
            if ready == 0 { continue }
            let count = chunk.withUnsafeMutableBytes { systemRead(readEnd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw RenderingError(.system, "read failed (errno \(errno))")
            }
            if count == 0 { break reading }
            received.append(contentsOf: chunk[0..<count])
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}

        var documents: [DiagramFormat: [UInt8]] = [:]
        var offset = 0
        func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
            guard offset + MemoryLayout<T>.size <= received.count else { return nil }
            let value = received[offset..<offset + MemoryLayout<T>.size].withUnsafeBytes { $0.loadUnaligned(as: T.self) }
            offset += MemoryLayout<T>.size
            return value
        }
        for format in formats {
            guard let frameStatus = integer(Int32.self), let length = integer(UInt32.self),
                  offset + Int(length) <= received.count
            else {
                throw RenderingError(.layoutFailed, "\(engine.rawValue): layout process ended early (wait status \(status))")
            }
            let bytes = Array(received[offset..<offset + Int(length)])
            offset += Int(length)
            if frameStatus != 0 {
                let message = String(decoding: bytes, as: UTF8.self).trimmingCharacters(inSet: " \n")
                throw RenderingError(documents.isEmpty ? .layoutFailed : .renderFailed, "\(engine.rawValue) \(format.rawValue): \(message)")
            }
            documents[format] = bytes
        }
        return documents
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#else
private let systemRead = Darwin.read
#endif

extension String {
    /// Trims characters of `set` at both ends (no Foundation needed).
    func trimmingCharacters(inSet set: String) -> String {
        let unwanted = Set(set)
        guard let first = firstIndex(where: { !unwanted.contains($0) }),
              let last = lastIndex(where: { !unwanted.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
