// swift-tools-version:6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// `-static-stdlib` links the Swift runtime statically but, unlike `swift build --static-swift-stdlib`,
// leaves out what static Foundation itself needs; these libraries are that list.
// `-no-pie`: a position-dependent executable has no relative relocations for the loader to apply
// at every start (134,000 of them, a millisecond of each `guild` call), as Go links by default.
let staticRuntime: [LinkerSetting] = [
    .unsafeFlags(["-static-stdlib", "-Xclang-linker", "-no-pie"], .when(platforms: [.linux])),
] + ["CoreFoundation", "_FoundationICU", "_FoundationCollections", "_FoundationCShims"].map {
    .linkedLibrary($0, .when(platforms: [.linux]))
}

let package = Package(
    name: "guild",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "guild", targets: ["guild"]),
        .library(name: "GuildKit", targets: ["GuildKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "guild",
            dependencies: ["GuildCLI"],
            swiftSettings: strictSettings,
            // Every build links the Swift runtime and Foundation statically: the dynamic loader's
            // relocations were 43% of `guild --version` (issue 15).
            linkerSettings: staticRuntime
        ),
        .target(
            name: "GuildCLI",
            dependencies: [
                "GuildKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "CFileStat"),
        .target(
            name: "GuildKit",
            dependencies: [
                "CFileStat",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            // The schema of the generated Scalars/Proto/tensorboard_event.pb.swift (`make protos`).
            exclude: ["Scalars/Proto/tensorboard_event.proto"],
            // The Python package ops run through (`python -m guild.op_main`), compiled into the
            // binary so that it is one file to install.
            resources: ["__init__.py", "op_main.py", "_op_main_util.py", "_op_main_yaml.py", "pass.py", "batch_util.py"].map {
                .embedInCode("Execution/Python/guild/" + $0)
            }
                // `guild publish -t`: the Jinja2 renderer of custom templates and the default
                // template they extend.
                + [
                    "render_templates.py", "publish-default.md", "_summary.md", "_flags.md", "_scalars.md",
                    "_runfiles.md", "_sourcecode.md", "_output.md", "_run_attrs.md", "runs-index.md",
                ].map { .embedInCode("RunManagement/PublishTemplates/" + $0) }
                // The flag reader of Python scripts.
                + [.embedInCode("Flags/Python/import_flags.py")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GuildKitTests",
            dependencies: ["GuildKit", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GuildCLITests",
            dependencies: [
                "GuildCLI",
                "GuildKit",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
