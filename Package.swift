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
        .target(name: "SellerGraph"),
        .target(name: "Investigation", dependencies: ["SellerGraph"]),
        .executableTarget(
            name: "ringscope",
            dependencies: [
                "SellerGraph",
                "Investigation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SellerGraphTests", dependencies: ["SellerGraph"]),
        .testTarget(name: "InvestigationTests", dependencies: ["Investigation", "SellerGraph"]),
    ]
)
