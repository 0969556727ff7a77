import CGraphviz
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The only place that touches Graphviz's C API.
///
/// Every `GVC_t*` and `Agraph_t*` is created and freed inside one call (`render`, `draw`,
/// `read`): `gvContext()`/`gvFreeContext`, `agopen`/`agclose`, `gvLayout`/`gvFreeLayout`,
/// `gvRenderData`/`gvFreeRenderData`, each paired with a `defer` or freed by `Started.free`.
/// Graphviz keeps global state and is not thread-safe, so every call runs under one
/// process-wide lock — but not while another process lays out.
/// Graphviz's messages (normally printed on stderr) are captured by the shim's `agerr`
/// sink and become the message of a `RenderingError`.
///
/// A layout with a time limit runs in another process: a worker of a layout server (forked
/// early by ``startLayoutServers(_:)``; see `rs_layout_server`) or, without an idle server, a
/// forked child of this program. It lays the graph out, renders it, sends the documents and
/// exits; it is killed when the time limit passes. That is how a layout that would run for
/// hours is stopped — Graphviz has no way to cancel a layout in process. Both run Graphviz's
/// library (C code only after the fork); no `dot` executable is ever run.
enum Graphviz {
    /// Held around every Graphviz call: Graphviz keeps global state.
    static let lock = Mutex<Void>(())

    /// Held exclusively around each fork of a layout child, and shared by whoever uses pango,
    /// cairo or fontconfig in this process (`PDFDocumentWriter`, in-process layouts): a child
    /// forked while another thread holds one of their locks would hang on it until killed.
    /// Taken before ``lock``, never inside it.
    static let gate = ForkGate()

    /// What one render produced.
    struct Outcome: Sendable {
        var documents: [DiagramFormat: [UInt8]]
        /// The graph with its coordinates, when asked for (`keepsLayout`).
        var layout: DiagramLayout?
        /// Graphviz warnings collected while building the graph, one per line.
        var messages: [String]
    }

    /// Lays `graph` out with `engine` and renders it in `formats`.
    ///
    /// - Parameter timeLimit: seconds after which the layout is stopped; `nil` lays out in
    ///   process with no limit (only for graphs already known to be small).
    /// - Parameter keepsLayout: also return the laid-out graph (``DiagramLayout``), to be drawn
    ///   again on another page without a second layout.
    /// - Parameter usesServers: whether a layout may go to a layout server (tests compare).
    static func render(
        _ graph: DiagramGraph,
        engine: LayoutEngine,
        formats: Set<DiagramFormat>,
        timeLimit: Double?,
        keepsLayout: Bool = false,
        usesServers: Bool = true
    ) throws -> Outcome {
        try graph.validate()
        // The laid-out documents, by Graphviz format name; "dot" (DOT with coordinates) last.
        var names = formats.subtracting([.dot]).sorted().map(\.graphvizFormat)
        if keepsLayout { names.append(positionedDOT) }

        // Under the lock: build the graph, write its DOT, then lay out in process or fork the
        // child that lays out (with the gate held exclusively, so no other thread is inside
        // pango or cairo at the fork).
        let forks = timeLimit != nil && !names.isEmpty
        // A layout in process measures its text with pango, so it holds the text lock too
        // (``Typesetting``); one in a child or server measures in another process.
        let started = try gate.holding(exclusively: forks) {
            let begin = {
                try lock.withLock { _ throws -> Started in
                    try start(graph, engine: engine, formats: formats, names: names, forks: forks, usesServers: usesServers, timeLimit: timeLimit ?? 0)
                }
            }
            return try forks ? begin() : Typesetting.withLock(begin)
        }
        defer { lock.withLock { _ in started.free() } }
        var rendered = started.rendered
        // Not under the lock: while the child or server works, other threads may use
        // Graphviz, pango and cairo (another ring's layout, a referral PDF); that is how
        // referral packages use both cores.
        switch (started.worker, timeLimit) {
        case (.child(let child), let timeLimit?):
            rendered = try collect(child, engine: engine, formats: names, timeLimit: timeLimit)
        case (.server(let server, let dot), let timeLimit?):
            if let done = try run(on: server, dot: dot, engine: engine, formats: names, timeLimit: timeLimit) {
                rendered = done
            } else {
                // The server could not take the job (it has been replaced): this layout forks
                // the program instead, once, rather than trying servers again.
                return try render(graph, engine: engine, formats: formats, timeLimit: timeLimit, keepsLayout: keepsLayout,
                                  usesServers: false)
            }
        default:
            break
        }
        var documents = started.documents
        for format in formats.subtracting([.dot]) { documents[format] = rendered[format.graphvizFormat] }
        let layout = try rendered[positionedDOT].map { dot in try lock.withLock { _ throws -> DiagramLayout in try readLayout(dot) } }
        return Outcome(documents: documents, layout: layout, messages: started.messages.split(separator: "\n").map(String.init))
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
            guard let graph = rs_read_dot(text) else {
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

    /// A render under way: the Graphviz objects (freed under the lock by ``free()``), what is
    /// already rendered, and the layout child if there is one.
    private struct Started: @unchecked Sendable {
        let context: OpaquePointer
        /// The graph read back from the DOT, when it is laid out by this program (in process or
        /// in a forked child); a layout server reads the DOT itself.
        var root: UnsafeMutablePointer<Agraph_t>?
        var documents: [DiagramFormat: [UInt8]] = [:]
        var rendered: [String: [UInt8]] = [:]
        var worker: Worker?
        var messages = ""

        func free() {
            if let root { agclose(root) }
            gvFreeContext(context)
        }
    }

    /// Who lays out: a forked child of this program, or a layout server with the DOT to send it.
    private enum Worker {
        case child(Child)
        case server(LayoutServers.Server, dot: [UInt8])
    }

    /// A forked layout child and the end of the pipe its documents come through.
    private struct Child {
        let pid: pid_t
        let readEnd: Int32
    }

    /// Builds the graph, writes the DOT source if asked, and either lays out and renders
    /// `names` in process or forks the child that will. The caller holds ``lock``.
    private static func start(_ graph: DiagramGraph, engine: LayoutEngine, formats: Set<DiagramFormat>,
                              names: [String], forks: Bool, usesServers: Bool, timeLimit: Double) throws -> Started {
        rs_begin_capturing_messages()
        guard let context = gvContext() else {
            throw RenderingError(.unavailable, "gvContext() failed: \(capturedMessages())")
        }
        // The graph is built through the cgraph API (escaped by construction), written as DOT,
        // and that DOT is read back and laid out: layout servers receive the DOT, so every
        // path lays out the same graph (cgraph writes subgraphs in its own order, which moves
        // things in the drawing) and gives the same bytes.
        let dot: [UInt8]
        do {
            let built = try build(graph)
            defer { agclose(built) }
            dot = try writeDOT(built)
        } catch {
            gvFreeContext(context)
            throw error
        }
        var started = Started(context: context)
        do {
            if formats.contains(.dot) {
                // The DOT source is written before layout, so it holds no coordinates and does
                // not depend on the engine's floating point.
                started.documents[.dot] = dot
            }
            if !names.isEmpty {
                if forks, usesServers, let server = LayoutServers.shared.take() {
                    started.worker = .server(server, dot: dot)
                } else {
                    guard let root = rs_read_dot(String(decoding: dot, as: UTF8.self)) else {
                        throw RenderingError(.invalidGraph, "DOT written by cgraph does not parse: \(capturedMessages())")
                    }
                    started.root = root
                    if forks {
                        started.worker = .child(try fork(context, root, engine: engine, formats: names, timeLimit: timeLimit))
                    } else {
                        guard gvLayout(context, root, engine.rawValue) == 0 else {
                            throw RenderingError(.layoutFailed, "\(engine.rawValue): \(capturedMessages())")
                        }
                        defer { gvFreeLayout(context, root) }
                        for name in names {
                            started.rendered[name] = try renderData(context, root, format: name)
                        }
                    }
                }
            }
        } catch {
            started.free()
            throw error
        }
        started.messages = capturedMessages()
        return started
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

    // MARK: Drawing a laid-out graph again

    /// Graphviz's name of the format that writes the graph with its coordinates.
    private static let positionedDOT = "dot"

    /// The laid-out graph as a ``DiagramLayout``: its size comes from the root's `bb`.
    private static func readLayout(_ dot: [UInt8]) throws -> DiagramLayout {
        guard let graph = rs_read_dot(String(decoding: dot, as: UTF8.self)) else {
            throw RenderingError(.renderFailed, "laid-out DOT does not parse: \(capturedMessages())")
        }
        defer { agclose(graph) }
        let box = withMutableCString("bb") { agget(UnsafeMutableRawPointer(graph), $0) }.map { String(cString: $0) } ?? ""
        let corners = box.split(separator: ",").compactMap { Double($0) }
        guard corners.count == 4, corners[2] > corners[0], corners[3] > corners[1] else {
            throw RenderingError(.renderFailed, "laid-out DOT has no bounding box (bb=\"\(box)\")")
        }
        return DiagramLayout(dot: dot, width: corners[2] - corners[0] + 2 * DiagramLayout.pad,
                             height: corners[3] - corners[1] + 2 * DiagramLayout.pad)
    }

    /// Draws `layout` on the cairo context `cairo` (a `cairo_t *`), its top-left corner at the
    /// context's origin, one unit per point, `layout.width` × `layout.height` in all: the
    /// caller translates, scales and clips. The caller holds ``gate`` (shared): this draws
    /// with pango and cairo.
    ///
    /// No second layout: the `nop2` engine keeps every coordinate and spline of the DOT, so this
    /// is only drawing, bounded by the size of the graph. `gvRenderContext` draws through
    /// Graphviz's cairo renderer into the caller's context; the device is `eps:cairo` because,
    /// of cairo's devices in Graphviz 2.43 (Debian 12), it is the one whose end of page neither finishes
    /// the caller's surface (pdf, ps, svg do) nor writes a bitmap to standard output (png does).
    /// A test checks the page after the drawing is still usable.
    static func draw(_ layout: DiagramLayout, on cairo: UnsafeMutableRawPointer) throws {
        try lock.withLock { _ throws in try drawHoldingLock(layout, on: cairo) }
    }

    private static func drawHoldingLock(_ layout: DiagramLayout, on cairo: UnsafeMutableRawPointer) throws {
        rs_begin_capturing_messages()
        guard let context = gvContext() else {
            throw RenderingError(.unavailable, "gvContext() failed: \(capturedMessages())")
        }
        defer { gvFreeContext(context) }
        guard let graph = rs_read_dot(String(decoding: layout.dot, as: UTF8.self)) else {
            throw RenderingError(.renderFailed, "laid-out DOT does not parse: \(capturedMessages())")
        }
        defer { agclose(graph) }
        // The graph names its engine (`layout=dot`), which gvLayout would obey and lay it out
        // again; nop2 keeps the coordinates. One unit per point, no scaling to `size`, no page
        // margin: the caller places the drawing.
        set(UnsafeMutableRawPointer(graph), "layout", "nop2", default: "")
        set(UnsafeMutableRawPointer(graph), "dpi", "72", default: "")
        set(UnsafeMutableRawPointer(graph), "size", "", default: "")
        set(UnsafeMutableRawPointer(graph), "margin", "0", default: "")
        set(UnsafeMutableRawPointer(graph), "pad", String(DiagramLayout.pad / 72), default: "")
        guard gvLayout(context, graph, "nop2") == 0 else {
            throw RenderingError(.renderFailed, "nop2: \(capturedMessages())")
        }
        defer { gvFreeLayout(context, graph) }
        guard gvRenderContext(context, graph, "eps:cairo", cairo) == 0 else {
            throw RenderingError(.renderFailed, "drawing the diagram: \(capturedMessages())")
        }
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

    /// Forks a child that lays out and renders `formats`, one frame each, into a pipe.
    private static func fork(
        _ context: OpaquePointer,
        _ graph: UnsafeMutablePointer<Agraph_t>,
        engine: LayoutEngine,
        formats: [String],
        timeLimit: Double
    ) throws -> Child {
        var pipeEnds: [Int32] = [-1, -1]
        guard rs_pipe_cloexec(&pipeEnds) == 0 else {
            throw RenderingError(.system, "pipe failed (errno \(errno))")
        }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        let formatNames = formats.map { strdup($0) }
        defer { formatNames.forEach { free($0) } }
        // A fork that fails for lack of processes or memory is tried again for about 2 s
        // (another layout may end meanwhile), then reported as what it is.
        var child: pid_t = -1
        var code: Int32 = 0
        for attempt in 0 ..< 20 {
            child = formatNames.map { UnsafePointer<CChar>($0) }.withUnsafeBufferPointer { names in
                rs_fork_layout_render(context, graph, engine.rawValue, names.baseAddress, Int32(names.count), readEnd, writeEnd,
                                      Graphviz.cpuSeconds(timeLimit))
            }
            code = errno
            if child > 0 || (code != EAGAIN && code != ENOMEM) || attempt == 19 { break }
            usleep(100_000)
        }
        close(writeEnd)
        guard child > 0 else {
            close(readEnd)
            throw RenderingError(.system, "cannot start a layout process: fork: \(String(cString: strerror(code)))"
                + (code == EAGAIN ? " (the limit on processes, ulimit -u, is reached: lower --threads or raise the limit)" : ""))
        }
        return Child(pid: child, readEnd: readEnd)
    }

    /// The CPU seconds a layout process may use: the budget's time limit, rounded up. The
    /// process is stopped by the kernel past it (`rs_limit_cpu`), whatever the machine's load.
    static func cpuSeconds(_ timeLimit: Double) -> Int32 {
        Int32(clamping: Int(timeLimit.rounded(.up)))
    }

    /// Wall-clock seconds after which a layout process is killed all the same (one stuck
    /// without using CPU): far past its CPU budget, so that load alone never reaches it. A
    /// budget under a second (tests of the fallbacks) is below the kernel's one-second CPU
    /// granularity and stays a wall-clock limit.
    static func wallClockLimit(_ timeLimit: Double) -> Double {
        timeLimit < 1 ? timeLimit : timeLimit * 10 + 60
    }

    /// Reads the child's frames until EOF or the deadline (then kills it), and reaps it.
    private static func collect(_ process: Child, engine: LayoutEngine, formats: [String], timeLimit: Double) throws -> [String: [UInt8]] {
        let (child, readEnd) = (process.pid, process.readEnd)
        defer { close(readEnd) }
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(wallClockLimit(timeLimit) * 1000)))
        guard let received = try receive(from: readEnd, until: deadline) else {
            kill(child, SIGKILL)
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            throw RenderingError(.layoutTimedOut, "\(engine.rawValue) did not finish within \(wallClockLimit(timeLimit)) s")
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        try checkCPULimit(status, engine: engine, timeLimit: timeLimit)
        return try frames(received, formats: formats, engine: engine, waitStatus: status)
    }

    /// Throws ``RenderingError/Kind/layoutTimedOut`` if the layout process was stopped for
    /// using up its CPU time (`rs_limit_cpu`).
    private static func checkCPULimit(_ status: Int32, engine: LayoutEngine, timeLimit: Double) throws {
        let signal = status & 0x7F
        if signal == SIGXCPU || signal == SIGKILL {
            throw RenderingError(.layoutTimedOut, "\(engine.rawValue) did not finish within \(cpuSeconds(timeLimit)) s of CPU time")
        }
    }

    /// Reads `fd` until end of file, or exactly `count` bytes; `nil` if `deadline` passes first.
    private static func receive(from fd: Int32, until deadline: ContinuousClock.Instant, exactly count: Int? = nil) throws -> [UInt8]? {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while count.map({ received.count < $0 }) ?? true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return nil }
            let milliseconds = Int32(clamping: max(1, min(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000, 500)))
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw RenderingError(.system, "poll failed (errno \(errno))")
            }
            if ready == 0 { continue }
            let wanted = count.map { min($0 - received.count, chunk.count) } ?? chunk.count
            let got = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw RenderingError(.system, "read failed (errno \(errno))")
            }
            if got == 0 {
                if count == nil { break }
                throw RenderingError(.system, "layout server closed its socket")
            }
            received.append(contentsOf: chunk[0..<got])
        }
        return received
    }

    /// The documents in `received`, one frame per format (see `rs_write_frame`).
    private static func frames(_ received: [UInt8], formats: [String], engine: LayoutEngine, waitStatus: Int32) throws -> [String: [UInt8]] {
        var documents: [String: [UInt8]] = [:]
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
                throw RenderingError(.layoutFailed, "\(engine.rawValue): layout process ended early (wait status \(waitStatus))")
            }
            let bytes = Array(received[offset..<offset + Int(length)])
            offset += Int(length)
            if frameStatus != 0 {
                let message = String(decoding: bytes, as: UTF8.self).trimmingCharacters(inSet: " \n")
                throw RenderingError(documents.isEmpty ? .layoutFailed : .renderFailed, "\(engine.rawValue) \(format): \(message)")
            }
            documents[format] = bytes
        }
        return documents
    }

    // MARK: Layout servers

    /// Starts `count` layout servers (`rs_layout_server`): call it early, while the program
    /// is small. Afterwards layouts with a time limit go to an idle server, which forks a
    /// small worker per job, instead of forking the program itself: a fork copies the page
    /// tables of the whole program, which at a million sellers (3+ GB) cost about 0.06 s per
    /// diagram (measured: `copy_page_range` 6 % of a 1M run's CPU). Without servers (or
    /// when all are busy) a layout forks the program as before.
    static func startLayoutServers(_ count: Int) {
        gate.holding(exclusively: true) {
            for _ in 0 ..< count {
                var socket: Int32 = -1
                let pid = rs_start_layout_server(&socket)
                // A server that cannot be started (the process limit) is not retried: layouts
                // then fork as they need, and say so if they cannot.
                guard pid > 0 else { break }
                LayoutServers.shared.register(LayoutServers.Server(pid: pid, socket: socket))
            }
        }
    }

    /// Kills `server` (and its worker) and starts another in its place, so that the layouts
    /// after a stopped one still go to a server. This one fork is of the program as it is now.
    private static func replace(_ server: LayoutServers.Server) {
        LayoutServers.shared.retire(server)
        startLayoutServers(1)
    }

    /// Runs one layout job on `server`; `nil` if the server could not take it (it is replaced).
    private static func run(on server: LayoutServers.Server, dot: [UInt8], engine: LayoutEngine, formats: [String],
                            timeLimit: Double) throws -> [String: [UInt8]]? {
        var job = Array(engine.rawValue.utf8) + [0]
        for format in formats { job += Array(format.utf8) + [0] }
        job += [0]
        job += Array(String(cpuSeconds(timeLimit)).utf8) + [0]
        job += dot
        var message = withUnsafeBytes(of: UInt32(job.count).littleEndian) { Array($0) }
        message += job
        let sent = message.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = send(server.socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if count < 0 { if errno == EINTR { continue }; return false }
                offset += count
            }
            return true
        }
        guard sent else {
            replace(server)
            return nil
        }
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(wallClockLimit(timeLimit) * 1000)))
        do {
            guard let header = try receive(from: server.socket, until: deadline, exactly: 4) else {
                replace(server)
                throw RenderingError(.layoutTimedOut, "\(engine.rawValue) did not finish within \(wallClockLimit(timeLimit)) s")
            }
            let length = header.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
            if length == UInt32(RS_NO_RESULT) {
                let bytes = try receive(from: server.socket, until: deadline, exactly: 4) ?? [0, 0, 0, 0]
                let status = bytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
                if status == -1 {
                    // The server could not start a worker (fork failed): replaced, and this
                    // layout forks the program instead, which says why if it cannot either.
                    throw RenderingError(.system, "the layout server could not start a worker")
                }
                LayoutServers.shared.giveBack(server)
                try checkCPULimit(status, engine: engine, timeLimit: timeLimit)
                throw RenderingError(.layoutFailed, "\(engine.rawValue): layout process ended early (wait status \(status))")
            }
            guard let received = try receive(from: server.socket, until: deadline, exactly: Int(length)) else {
                replace(server)
                throw RenderingError(.layoutTimedOut, "\(engine.rawValue) did not finish within \(wallClockLimit(timeLimit)) s")
            }
            LayoutServers.shared.giveBack(server)
            LayoutServers.shared.served.withLock { $0 += 1 }
            return try frames(received, formats: formats, engine: engine, waitStatus: 0)
        } catch let error as RenderingError where error.kind == .system {
            replace(server)
            return nil
        }
    }
}

/// The idle layout servers.
final class LayoutServers: @unchecked Sendable {
    struct Server: Sendable {
        let pid: pid_t
        let socket: Int32
    }

    static let shared = LayoutServers()
    private let idle = Mutex<[Server]>([])
    /// Jobs answered by a server (for tests).
    let served = Mutex<Int>(0)
    /// Servers alive, idle or busy (for tests).
    let live = Mutex<Int>(0)

    /// A new server, idle.
    func register(_ server: Server) {
        live.withLock { $0 += 1 }
        giveBack(server)
    }

    /// An idle server, now busy; `nil` if there is none.
    func take() -> Server? { idle.withLock { $0.popLast() } }

    func giveBack(_ server: Server) { idle.withLock { $0.append(server) } }

    /// Kills the server and its worker (one process group) and forgets it.
    func retire(_ server: Server) {
        live.withLock { $0 -= 1 }
        kill(-server.pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(server.pid, &status, 0) < 0 && errno == EINTR {}
        close(server.socket)
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

/// A readers–writer lock (POSIX): any number of shared holders, or one exclusive holder.
final class ForkGate: @unchecked Sendable {
    private let rwlock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        rwlock = .allocate(capacity: 1)
        rwlock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(rwlock, nil)
    }

    deinit {
        pthread_rwlock_destroy(rwlock)
        rwlock.deallocate()
    }

    func shared<R>(_ body: () throws -> R) rethrows -> R {
        try holding(exclusively: false, body)
    }

    func holding<R>(exclusively: Bool, _ body: () throws -> R) rethrows -> R {
        if exclusively { pthread_rwlock_wrlock(rwlock) } else { pthread_rwlock_rdlock(rwlock) }
        defer { pthread_rwlock_unlock(rwlock) }
        return try body()
    }
}
