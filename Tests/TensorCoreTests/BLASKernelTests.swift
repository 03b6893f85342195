import Foundation
import TensorCore
import XCTest

final class BLASKernelTests: XCTestCase {
  private let avx512 = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 207, avx2: true, fma: true, avx512: true)
  private let avx2 = CPUFeatures(vendor: "AuthenticAMD", family: 23, model: 49, avx2: true, fma: true)
  private let sseOnly = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 15)

  func testGenericFallbackIsReplacedByTheWidestKernelTheCPUHas() {
    XCTAssertEqual(BLASKernel.replacement(forCore: "Prescott", on: avx512), "SkylakeX")
    XCTAssertEqual(BLASKernel.replacement(forCore: "PRESCOTT", on: avx2), "Haswell")
    XCTAssertEqual(BLASKernel.replacement(forCore: "Nehalem", on: avx2), "Haswell")
    XCTAssertNil(BLASKernel.replacement(forCore: "Prescott", on: sseOnly), "nothing better to ask for")
  }

  func testAChosenVectorKernelIsLeftAlone() {
    // Machines set OPENBLAS_CORETYPE=Haswell on purpose where wider kernels misbehave.
    for core in ["Haswell", "Zen", "SkylakeX", "Cooperlake", "Sandybridge"] {
      XCTAssertFalse(BLASKernel.isGeneric(core), core)
      XCTAssertNil(BLASKernel.replacement(forCore: core, on: avx512), core)
    }
  }

  func testThisCPUIsDescribed() {
    let cpu = CPUFeatures.current()
    XCTAssertFalse(cpu.vendor.isEmpty, "cpuid gave no vendor")
    XCTAssertTrue([128, 256, 512].contains(cpu.fmaVectorBits))
    XCTAssertTrue(BLASKernel.report().contains("kernels: \(BLASKernel.coreName)"))
  }

  /// The issue's check, on every CPU: a Gravitas command never runs OpenBLAS's generic kernels
  /// on a CPU with AVX2 or AVX-512 — not even when it is told to (OPENBLAS_CORETYPE=Prescott
  /// reproduces the fallback of an OpenBLAS that does not know the CPU), and not as it is.
  func testCommandsDoNotRunAGenericKernelOnAVX2OrAVX512() throws {
    let cosmo = try builtProduct("cosmo")
    let cpu = CPUFeatures.current()
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: BLASKernel.repairVariable)
    for coreType in ["Prescott", environment["OPENBLAS_CORETYPE"]] {
      var env = environment
      env["OPENBLAS_CORETYPE"] = coreType
      let (output, errors) = try run(cosmo, ["--version"], environment: env)
      let kernel = try XCTUnwrap(output.split(separator: "\n").first { $0.hasPrefix("kernels: ") }, output)
        .dropFirst("kernels: ".count).split(separator: " ").first.map(String.init)
      let label = "OPENBLAS_CORETYPE=\(coreType ?? "(unset)"): \(output)\(errors)"
      if cpu.avx2 || cpu.avx512 {
        XCTAssertFalse(BLASKernel.isGeneric(kernel ?? ""), label)
      }
      if coreType == "Prescott", let better = BLASKernel.replacement(forCore: "Prescott", on: cpu) {
        XCTAssertEqual(kernel, better, label)
        XCTAssertTrue(output.contains("chosen by Gravitas"), label)
        XCTAssertTrue(errors.contains("instead of its generic Prescott fallback"), label)
      }
    }
    // Switched off, the fallback stays: the repair is what changed it.
    var off = environment
    off["OPENBLAS_CORETYPE"] = "Prescott"
    off[BLASKernel.repairVariable] = "off"
    XCTAssertTrue(try run(cosmo, ["--version"], environment: off).output.contains("kernels: Prescott"))
  }

  /// A product built beside this test bundle (`swift build --build-tests` builds them all).
  private func builtProduct(_ name: String) throws -> URL {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [directory, directory.deletingLastPathComponent()] {
      let url = candidate.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    throw XCTSkip("\(name) is not built beside \(directory.path); run `swift build --build-tests` first")
  }

  private func run(_ executable: URL, _ arguments: [String], environment: [String: String]) throws
    -> (output: String, errors: String)
  {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    let (out, err) = (Pipe(), Pipe())
    (process.standardOutput, process.standardError) = (out, err)
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, String(decoding: errors, as: UTF8.self))
    return (String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
  }
}
