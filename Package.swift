// swift-tools-version:6.0
import PackageDescription

// No package dependencies by design: Foundation, XCTest / Swift Testing and the
// system's ncursesw are all this project may use.
let package = Package(
    name: "SellerCenter",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "seller", targets: ["seller"]),
        .library(name: "SellerCore", targets: ["SellerCore"]),
        .library(name: "SellerUI", targets: ["SellerUI"]),
    ],
    targets: [
        .systemLibrary(
            name: "CNcursesw",
            path: "Sources/CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "SellerCore"),
        .target(name: "SellerUI", dependencies: ["SellerCore"]),
        .executableTarget(name: "seller", dependencies: ["SellerCore", "SellerUI", "CNcursesw"]),
        // A child process for the store's crash and concurrency tests.
        .executableTarget(name: "store-probe", dependencies: ["SellerCore"]),
        .testTarget(name: "SellerCoreTests", dependencies: ["SellerCore"]),
        .testTarget(name: "SellerUITests", dependencies: ["SellerUI", "SellerCore"], exclude: ["Snapshots"]),
        .testTarget(name: "SellerStoreTests", dependencies: ["SellerCore", "SellerUI", "store-probe", "seller"]),
    ],
    swiftLanguageModes: [.v6]
)
