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
    ],
    targets: [
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .target(name: "SellerGraph"),
        .target(name: "Rendering", dependencies: ["CGraphviz"]),
        .executableTarget(
            name: "ringscope",
            dependencies: [
                "SellerGraph",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "RenderingBenchmark",
            dependencies: ["Rendering"],
            path: "Benchmarks/RenderingBenchmark"
        ),
        .testTarget(name: "SellerGraphTests", dependencies: ["SellerGraph"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering"]),
    ]
)
