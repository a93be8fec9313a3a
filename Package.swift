// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "evident",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "evident", targets: ["evident"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        // HTML exports (the SSP) are rendered from Mustache templates, not string concatenation.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // Evidence bundles (`export bundle`, `verify --bundle`) are ZIP files: written with fixed times and order, read without extracting.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // Tests only: seeded generators for the property-based record tests.
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        // libgit2 from the system (Debian: libgit2-dev), found through pkg-config.
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // Variadic and macro-only libgit2 APIs that Swift cannot call directly.
        .target(name: "Clibgit2Shims", dependencies: ["Clibgit2"]),
        // The only module that imports libgit2.
        .target(
            name: "GitStore",
            dependencies: ["Clibgit2", "Clibgit2Shims", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Pure domain: records, catalogs, validation, readiness. Foundation only.
        .target(name: "LedgerCore"),
        // Use cases and the storage layout of a ledger.
        .target(
            name: "Ledger",
            dependencies: [
                "LedgerCore", "GitStore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // `evident bench generate`: synthetic ledgers for the benchmarks, kept out of the library.
        .target(name: "EvidentBench", dependencies: ["Ledger", "LedgerCore", "GitStore"]),
        // Commands, options, rendering and exit codes; never imports GitStore or Clibgit2.
        .target(
            name: "EvidentCLI",
            dependencies: [
                "Ledger", "LedgerCore", "EvidentBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // Members of a module it does not import (GitStore's, reached through Ledger) stay out of reach.
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(name: "evident", dependencies: ["EvidentCLI"]),

        .target(name: "TestSupport", dependencies: ["GitStore", "LedgerCore"], path: "Tests/TestSupport"),
        .testTarget(
            name: "GitStoreTests",
            dependencies: ["GitStore", "LedgerCore", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Crypto: the bundle check takes its SHA-256 as an argument, and the tests give it a real one.
        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", "LedgerCore", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        // Runs the built binary: `evident` is a build dependency, not an import.
        .testTarget(
            name: "EvidentCLITests",
            dependencies: ["evident", "TestSupport", "LedgerCore", .product(name: "PropertyBased", package: "swift-property-based"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
    ]
)
