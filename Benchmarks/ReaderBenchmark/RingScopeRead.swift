import SellerGraph

/// (a) RingScope's own byte-level reader: every field's bytes are hashed in place, no `String`
/// is built except for the sampled rows.
func readWithRingScope(path: String) -> ReadResult {
    var result = ReadResult()
    do {
        let reader = try CSVReader(path: path)
        guard try reader.next() else { return result }
        result.header = reader.strings()
        var digest = FieldDigest()
        var rows = 0
        while try reader.next() {
            for field in 0 ..< reader.fieldCount {
                reader.withField(field) { digest.add($0) }
            }
            digest.endRow()
            if isSampled(rows) { result.samples[rows] = reader.strings() }
            rows += 1
        }
        result.rows = rows
        result.digest = digest.value
    } catch {
        result.error = "\(error)"
    }
    return result
}

/// (d) The whole RingScope loader: every file of the dataset, ids interned, every row validated.
/// The links.csv phase is timed from the progress line of the file before it to its own.
func loadWithRingScope(directory: String, maxRuns: Int) -> ReadResult {
    var best = ReadResult()
    best.seconds = []
    var wholeSeconds: [Double] = []
    var wholeCPUSeconds: [Double] = []
    for _ in 0 ..< maxRuns {
        var marks: [(line: String, at: ContinuousClock.Instant, cpu: Double)] = []
        let start = ContinuousClock.now
        let cpuStart = processCPUSeconds()
        do {
            let loaded = try DatasetLoader(directory: directory).load { marks.append(($0, ContinuousClock.now, processCPUSeconds())) }
            let end = ContinuousClock.now
            wholeCPUSeconds.append(processCPUSeconds() - cpuStart)
            let network = loaded.network
            best.rows = network.links.reduce(0) { $0 + $1.count }
            best.allRows = network.tables.reduce(0) { $0 + $1.count } + best.rows + network.evidence.count + network.listings.count
            if let linkMark = marks.firstIndex(where: { $0.line.hasPrefix("read \(DatasetLoader.linkFile)") }), linkMark > 0 {
                best.seconds.append((marks[linkMark].at - marks[linkMark - 1].at).seconds)
                best.cpuSeconds.append(marks[linkMark].cpu - marks[linkMark - 1].cpu)
            }
            wholeSeconds.append((end - start).seconds)
        } catch {
            best.error = "\(error)".split(separator: "\n").first.map(String.init) ?? "load failed"
            break
        }
    }
    best.allSeconds = wholeSeconds.min() ?? .nan
    best.allCPUSeconds = wholeCPUSeconds.min() ?? .nan
    best.peakKiB = peakResidentKiB()
    return best
}
