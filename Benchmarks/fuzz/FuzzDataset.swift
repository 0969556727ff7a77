// libFuzzer target for the CSV reader and the dataset loader (issue 14). Not part of
// `swift build`: Benchmarks/fuzz/fuzz.sh compiles it with the sources of Parallel and
// SellerGraph using `swiftc -sanitize=fuzzer,address`.
//
// The input is split into a dataset: the bytes up to the first 0x00 are sellers.csv, up to the
// next storefronts.csv, then links.csv, evidence.csv, listings.csv, addresses.csv,
// payment_accounts.csv and factories.csv (missing parts: files left out). With the first
// byte odd the whole input is also read by CSVReader alone, record by record. What counts as
// a finding: a crash, a trap, a sanitizer report, a leak, a time-out (-timeout), or more
// memory than -rss_limit_mb; a DatasetErrors thrown is the expected answer to bad input.
import Foundation
import SellerGraph
#if canImport(Glibc)
import Glibc
#endif

let fileNames = ["sellers.csv", "storefronts.csv", "links.csv", "evidence.csv", "listings.csv",
                 "addresses.csv", "payment_accounts.csv", "factories.csv"]
let folder: String = {
    let path = "/dev/shm/ringscope-fuzz-\(getpid())"
    mkdir(path, 0o755)
    return path
}()

func write(_ bytes: ArraySlice<UInt8>, to path: String) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { return }
    bytes.withUnsafeBytes { raw in _ = Glibc.write(descriptor, raw.baseAddress, raw.count) }
    close(descriptor)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: start, count: count))
    // The CSV reader alone.
    if let first = input.first, first & 1 == 1 {
        write(input[...], to: folder + "/input.csv")
        if let reader = try? CSVReader(path: folder + "/input.csv") {
            while (try? reader.next()) == true {
                for field in 0 ..< reader.fieldCount { _ = reader.string(field) }
            }
        }
    }
    // The loader on the input cut into files.
    let parts = input.split(separator: 0, maxSplits: fileNames.count - 1, omittingEmptySubsequences: false)
    for name in fileNames { unlink(folder + "/" + name) }
    for (name, part) in zip(fileNames, parts) { write(part, to: folder + "/" + name) }
    do {
        let loaded = try DatasetLoader(directory: folder, threads: 1).load()
        _ = loaded.network.summary().text
    } catch is DatasetErrors {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
