// gravitas-selftest: the backend comparison suite as a program, for GPU machines that have the
// CUDA driver but no Swift toolchain (XCTest ships only with the toolchain). Every primitive and
// every op's gradient, CPU against the device, Float32 and Float64.
//
//   gravitas-selftest                 CUDA device 0 against the CPU (exit 2: no usable GPU)
//   gravitas-selftest --device cuda:1
//   gravitas-selftest --device fake   the CPU behind device-typed buffers (checks the suite itself)
//   gravitas-selftest --atomic        CUDA with the atomic scatter-add (its sums may differ in the last bits)
//   gravitas-selftest --quiet         failures and the summary only
//   gravitas-selftest --version       the BLAS, its kernels, the threads and the CPU
import BackendCheck
import CUDABackend
import Foundation
import TensorCore

// The process's settings first (OpenBLAS's kernels are fixed when it loads: a generic fallback is
// repaired before anything runs; see `ProcessSettings`).
ProcessSettings.commands.apply()

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func flag(_ name: String) -> Bool {
  guard let i = arguments.firstIndex(of: name) else { return false }
  arguments.remove(at: i)
  return true
}
@MainActor func option(_ name: String) -> String? {
  guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
  defer { arguments.removeSubrange(i...(i + 1)) }
  return arguments[i + 1]
}

func fail(_ message: String, code: Int32) -> Never {
  FileHandle.standardError.write(Data("gravitas-selftest: \(message)\n".utf8))
  exit(code)
}

if flag("--version") {
  print(BLASKernel.versionText(command: "gravitas-selftest", commit: BuildCommit.hash))
  exit(0)
}
let quiet = flag("--quiet")
let atomic = flag("--atomic")
let deviceName = option("--device") ?? "cuda"
if flag("--help") || flag("-h") {
  print("usage: gravitas-selftest [--device cuda|cuda:N|fake] [--atomic] [--quiet] [--version]")
  exit(0)
}
guard arguments.isEmpty else { fail("unknown arguments \(arguments.joined(separator: " "))", code: 64) }

let candidate: Backend
if deviceName == "fake" {
  candidate = FakeDeviceBackend()
  print("device: fake (the CPU kernels behind device buffers)")
} else {
  do {
    guard case .cuda(let ordinal) = try ComputeDevice(parsing: deviceName) else {
      fail("--device \(deviceName): compare cuda, cuda:N or fake against the CPU", code: 64)
    }
    let backend = try CUDABackend(ordinal: ordinal, scatterMode: atomic ? .atomic : .deterministic)
    print("device: \(backend.name) (\(backend.deviceDescription)), scatter-add \(atomic ? "atomic" : "deterministic")")
    candidate = backend
  } catch {
    fail("--device \(deviceName): \(error)", code: 2)
  }
}

print(BLASKernel.report())
let start = Date()
let results = BackendComparison(candidate: candidate, deterministic: !atomic).run { result in
  if !quiet || !result.passed { print(result) }
}
let failures = results.filter { !$0.passed }
print(
  "\(results.count - failures.count) of \(results.count) checks passed on \(candidate.name) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s"
)
exit(failures.isEmpty ? 0 : 1)
