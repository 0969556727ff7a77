// swift-tools-version:6.1
// RingScope: a seller-network graph analyzer that finds counterfeit rings.
// Targets follow the layers of DESIGN.md, lowest first; each imports only layers below it.
import PackageDescription

let package = Package(
    name: "RingScope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ringscope", targets: ["ringscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The case store's SQLite database (only CaseStore imports it).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Only the reader benchmark uses these: RingScope reads CSV with its own byte-level reader.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // The analyst workspace (`ringscope serve`): only Server imports these two.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]
        ),
        // OCR in process: tesseract's C API and Leptonica (which tesseract.pc brings along).
        .systemLibrary(
            name: "CTesseract",
            pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "tesseract-ocr-eng", "tesseract-ocr-chi-sim"])]
        ),
        // Gradient-boosted trees (learned scoring): XGBoost's C API, imported by Scoring only.
        .systemLibrary(
            name: "CXGBoost",
            pkgConfig: "xgboost",
            providers: [.apt(["libxgboost-dev"])]
        ),
        // The one concurrency helper (threads over tasks, results in task order).
        .target(name: "Parallel"),
        .target(name: "Communities", dependencies: ["Parallel"]),
        .target(name: "SellerGraph", dependencies: ["Parallel", "Communities"]),
        // Optical character recognition: the only importer of CTesseract.
        .target(name: "Imaging", dependencies: ["CTesseract", "SellerGraph", "Parallel", .product(name: "Crypto", package: "swift-crypto")]),
        // The offline basemap (countries, China's provinces and cities), projections, point in polygon.
        .target(name: "Geography", resources: [.copy("Resources")]),
        .target(name: "Investigation", dependencies: ["Communities", "SellerGraph", "Parallel"]),
        // Learned scoring: ring features, the XGBoost model (the only importer of CXGBoost), calibration.
        .target(name: "Scoring", dependencies: ["Communities", "Investigation", "SellerGraph", "CXGBoost", .product(name: "Crypto", package: "swift-crypto")]),
        // Synthetic worlds for demos, tests and benchmarks; the analysis never imports it.
        .target(name: "WorldGenerator", dependencies: ["Communities", "SellerGraph", "Parallel", "Rendering"]),
        // The SQLite case database: runs, cases, lineage, statuses, outcomes. The only importer of GRDB.
        .target(name: "CaseStore", dependencies: ["Investigation", "SellerGraph", .product(name: "GRDB", package: "GRDB.swift")]),
        // Rendering knows nothing of sellers: it draws the diagram models it defines.
        .target(name: "Rendering", dependencies: ["CGraphviz", "CPangoCairo", "Geography", "Parallel"], resources: [.copy("Resources")]),
        .target(
            name: "CaseFiles",
            dependencies: ["Investigation", "SellerGraph", "Imaging", "Geography", "CaseStore", "Rendering", "Parallel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The analyst web app over the case store and run folders (Hummingbird); the only importer of it and ZIPFoundation.
        .target(
            name: "Server",
            dependencies: [
                "CaseStore", "CaseFiles", "Investigation", "SellerGraph",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "ringscope",
            dependencies: [
                "Communities",
                "SellerGraph",
                "Investigation",
                "CaseFiles",
                "CaseStore",
                "Imaging",
                "Rendering",
                "Scoring",
                "WorldGenerator",
                "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "RenderingBenchmark",
            dependencies: ["Rendering", "Geography"],
            path: "Benchmarks/RenderingBenchmark"
        ),
        .executableTarget(
            name: "case-store-benchmark",
            dependencies: ["CaseStore", "Investigation", "SellerGraph", "WorldGenerator"],
            path: "Benchmarks/CaseStoreBenchmark"
        ),
        .executableTarget(
            name: "learned-scoring-benchmark",
            dependencies: ["Scoring", "Investigation", "SellerGraph", "WorldGenerator"],
            path: "Benchmarks/LearnedScoringBenchmark"
        ),
        .executableTarget(
            name: "ocr-benchmark",
            dependencies: ["Imaging", "SellerGraph"],
            path: "Benchmarks/OCRBenchmark"
        ),
        .executableTarget(
            name: "map-benchmark",
            dependencies: ["Communities", "Geography", "Rendering"],
            path: "Benchmarks/MapBenchmark"
        ),
        .executableTarget(
            name: "reader-benchmark",
            dependencies: [
                "SellerGraph",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ],
            path: "Benchmarks/ReaderBenchmark"
        ),
        .testTarget(name: "ParallelTests", dependencies: ["Parallel"]),
        .testTarget(name: "CommunitiesTests", dependencies: ["Communities"]),
        .testTarget(name: "SellerGraphTests", dependencies: ["SellerGraph"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "SellerGraph", "Rendering", "TestFixtures"], exclude: ["Fixtures"]),
        .target(name: "TestFixtures", dependencies: ["SellerGraph"], path: "Tests/TestFixtures"),
        .testTarget(name: "InvestigationTests", dependencies: ["Investigation", "SellerGraph", "TestFixtures"]),
        .testTarget(name: "ScoringTests", dependencies: ["Communities", "Scoring", "Investigation", "SellerGraph", "TestFixtures"]),
        .testTarget(name: "WorldGeneratorTests", dependencies: ["WorldGenerator", "SellerGraph"]),
        .testTarget(name: "GeographyTests", dependencies: ["Geography"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Geography"]),
        .testTarget(name: "CaseStoreTests", dependencies: ["CaseStore", "Investigation", "SellerGraph", "TestFixtures"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "CaseStore", "Investigation", "SellerGraph", "TestFixtures",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "CaseFilesTests", dependencies: ["CaseFiles", "CaseStore", "Investigation", "Rendering", "SellerGraph", "Geography", "TestFixtures"]),
        // The CLI's own pure helpers (progress formatting); the executable target is imported with @testable.
        .testTarget(name: "ringscopeTests", dependencies: ["ringscope", "CaseFiles", "CaseStore", "Scoring", "SellerGraph", "TestFixtures"]),
    ]
)
