// swift-tools-version: 6.0
import PackageDescription

// Dependencies run one way: CLI → domain (Cosmology, Orbits, GNN) → Runs → NN → TensorCore → C.
let package = Package(
  name: "Gravitas",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "TensorCore", targets: ["TensorCore"]),
    .library(name: "NN", targets: ["NN"]),
    .library(name: "Runs", targets: ["Runs"]),
    .library(name: "DurableFiles", targets: ["DurableFiles"]),
    .library(name: "Plot", targets: ["Plot"]),
    .library(name: "Orbits", targets: ["Orbits"]),
    .library(name: "Cosmology", targets: ["Cosmology"]),
    .library(name: "GNN", targets: ["GNN"]),
    .executable(name: "cosmo", targets: ["CosmoCLI"]),
    .executable(name: "orbits", targets: ["OrbitsCLI"]),
    .executable(name: "gnn", targets: ["GNNCLI"]),
    .executable(name: "bench", targets: ["BenchCLI"]),
    .executable(name: "gravitas-selftest", targets: ["SelfTest"]),
    .executable(name: "gravitas-fuzz", targets: ["FuzzCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    // C system libraries. `providers` makes SwiftPM name the missing apt package.
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),
    .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CERFA", pkgConfig: "erfa", providers: [.apt(["liberfa-dev"])]),

    // Hot loops in C where clang's vectoriser does better than Swift's SIMD types.
    .target(name: "CKernels"),
    .target(name: "GravitasVersion"),
    // The git commit each command was built from, for --version (see the plugin's comment).
    .plugin(name: "GitCommitPlugin", capability: .buildTool()),
    // Where the shipped Data/ files are found from any folder (--data, $GRAVITAS_DATA, install, checkout).
    .target(name: "ShippedData"),
    .target(name: "TensorCore", dependencies: ["CBLAS", "CLAPACKE", "CKernels", "GravitasVersion"]),
    // CUDA: our own declarations of the driver, NVRTC and cuBLAS entry points, opened with dlopen,
    // so that nothing CUDA is needed to build or to run on the CPU.
    .target(name: "CCUDA", linkerSettings: [.linkedLibrary("dl")]),
    .target(
      name: "CUDABackend",
      dependencies: ["TensorCore", "CCUDA", "DurableFiles", .product(name: "Crypto", package: "swift-crypto")]),
    // Open MPI for data-parallel `gnn train`, opened with dlopen like CUDA: nothing MPI is needed
    // to build or to run any command in one process.
    .target(name: "CMPI", linkerSettings: [.linkedLibrary("dl")]),
    .target(name: "MPI", dependencies: ["CMPI", "NN"]),
    // The CPU-against-device comparison suite (tests, and gravitas-selftest on a GPU machine).
    .target(name: "BackendCheck", dependencies: ["TensorCore", "PeerRandom"]),
    // The peers' random stream (peer_common.py), for the peer benchmarks and their checks only.
    .target(name: "PeerRandom", dependencies: ["TensorCore"]),
    // Atomic, durable file writing (temporary file, fsync, rename, folder fsync): every writer's.
    .target(name: "DurableFiles"),
    .target(name: "Plot", dependencies: ["DurableFiles"]),
    // SIGINT/SIGTERM as a request to stop a fit after its epoch (InterruptCallback).
    .target(name: "CSignals"),
    // The training library on the tensor core alone: layers, losses, optimizers, schedules, the
    // trainer and its callback protocol, folds, early stopping, the overfitting detector.
    .target(name: "NN", dependencies: ["TensorCore"]),
    // A fit's files and terminal output: checkpoints (safetensors), TensorBoard, CSV and JSONL
    // metrics, progress lines, run folders, learning-curve figures, the callbacks that write them.
    .target(name: "Runs", dependencies: ["NN", "TensorCore", "DurableFiles", "Plot", "CSignals"]),
    .target(name: "HTTP", dependencies: ["CCurl", "DurableFiles"]),
    .target(name: "Orbits", dependencies: ["HTTP", "Plot", "CERFA", "DurableFiles"]),
    .target(
      name: "Cosmology",
      dependencies: [
        "TensorCore", "NN", "Runs", "HTTP", "CZlib", "DurableFiles", .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .target(name: "GNN", dependencies: ["TensorCore", "NN", "Runs", "Orbits", "Plot"]),

    // What the training commands share: --config files (YAML through Yams) and run folders.
    .target(
      name: "CommandSupport",
      dependencies: [
        "NN", "Runs", "DurableFiles", "CUDABackend", .product(name: "Yams", package: "Yams"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    .executableTarget(
      name: "CosmoCLI",
      dependencies: [
        "Cosmology", "CommandSupport", "NN", "Runs", "Plot", "HTTP", "TensorCore", "CUDABackend", "ShippedData",
        "DurableFiles",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ], plugins: ["GitCommitPlugin"]),
    .executableTarget(
      name: "OrbitsCLI",
      dependencies: [
        "Orbits", "Plot", "HTTP", "GravitasVersion", "ShippedData",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ], plugins: ["GitCommitPlugin"]),
    .executableTarget(
      name: "GNNCLI",
      dependencies: [
        "GNN", "CommandSupport", "NN", "Runs", "Orbits", "Plot", "TensorCore", "CUDABackend", "ShippedData", "MPI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ], plugins: ["GitCommitPlugin"]),
    .executableTarget(
      name: "BenchCLI",
      dependencies: [
        "TensorCore", "NN", "Cosmology", "Orbits", "CBLAS", "CKernels", "CUDABackend", "ShippedData", "CommandSupport",
        "PeerRandom",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ], plugins: ["GitCommitPlugin"]),
    .executableTarget(
      name: "SelfTest", dependencies: ["TensorCore", "CUDABackend", "BackendCheck"], plugins: ["GitCommitPlugin"]),
    // Mutation fuzzing of every reader: seeds from the repository's real files, invariants
    // checked on whatever a reader accepts; `gravitas-fuzz` runs bounded campaigns.
    .target(name: "Fuzzing", dependencies: ["Orbits", "Cosmology", "NN", "Runs", "GNN", "TensorCore", "DurableFiles"]),
    .executableTarget(name: "FuzzCLI", dependencies: ["Fuzzing", "TensorCore", "DurableFiles"]),

    // thread_pool.c again, sleeping at its interleaving points: the pool's stress test only.
    .target(name: "CThreadPoolHarness", dependencies: ["CKernels"]),
    // What several test targets share: gradient checks, fake servers, run-file round trips, --help entries.
    .target(
      name: "TestSupport",
      dependencies: ["TensorCore", "Runs", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      path: "Sources/TestSupport"),
    .testTarget(
      name: "TensorCoreTests",
      dependencies: ["TensorCore", "CBLAS", "CKernels", "CThreadPoolHarness", "TestSupport", "PeerRandom"]),
    .testTarget(name: "NNTests", dependencies: ["NN", "TensorCore", "TestSupport"]),
    .testTarget(name: "RunsTests", dependencies: ["Runs", "NN", "TensorCore", "Plot", "DurableFiles"]),
    .testTarget(name: "DurableFilesTests", dependencies: ["DurableFiles"]),
    .testTarget(name: "PlotTests", dependencies: ["Plot"]),
    .testTarget(name: "ShippedDataTests", dependencies: ["ShippedData"]),
    .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
    .testTarget(
      name: "OrbitsTests", dependencies: ["Orbits", "HTTP", "TestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "CosmologyTests",
      dependencies: [
        "Cosmology", "NN", "Runs", "Plot", "TensorCore", "HTTP", "TestSupport", "BackendCheck", "PeerRandom",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "GNNTests", dependencies: ["GNN", "NN", "Runs", "Orbits", "TensorCore", "TestSupport", "BackendCheck"]),
    // The cosmo command line's own argument handling (what ArgumentParser cannot check alone).
    .testTarget(
      name: "CosmoCLITests",
      dependencies: [
        "CosmoCLI", "CommandSupport", "Cosmology", "NN", "Runs", "CUDABackend", "TestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "OrbitsCLITests",
      dependencies: [
        "OrbitsCLI", "Orbits", "GravitasVersion", "TestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(name: "FuzzTests", dependencies: ["Fuzzing"]),
    // The gnn command line's option checks.
    .testTarget(
      name: "GNNCLITests",
      dependencies: [
        "GNNCLI", "CommandSupport", "GNN", "NN", "Runs", "TensorCore", "CUDABackend", "TestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(name: "CUDABackendTests", dependencies: ["CUDABackend", "CCUDA", "BackendCheck", "TensorCore", "NN"]),
  ],
  swiftLanguageModes: [.v6]
)
