import CBLAS
import Foundation

/// Which kernels OpenBLAS runs on this machine, and the repair when it fell back to generic ones.
///
/// A DYNAMIC_ARCH OpenBLAS picks its kernels when it loads, from a table of the CPU models it
/// knows. On a CPU newer than that table (Debian 12's 0.3.21 on an Intel Xeon of family 6, model
/// 207) it falls back to `Prescott`, SSE3 kernels that ran float32 GEMM at 28 GFLOP/s where its
/// SkylakeX kernels ran 142 — silently. `OPENBLAS_CORETYPE` overrides the choice, but only
/// before the library loads, so the repair re-executes the program with it set.
public enum BLASKernel {
  /// OpenBLAS's x86-64 cores whose kernels use SSE only: what it falls back to when it does not
  /// know the CPU, and older CPUs' cores. Lower case, as compared.
  static let sseOnlyCores: Set<String> = [
    "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "opteron", "opteron_sse3",
    "barcelona", "bobcat", "katmai", "coppermine", "northwood", "banias", "athlon", "generic", "unknown",
  ]

  /// The environment variable the repair sets beside `OPENBLAS_CORETYPE`: the generic core it
  /// replaced. `GRAVITAS_BLAS_REPAIR=off` keeps whatever OpenBLAS chose.
  public static let repairVariable = "GRAVITAS_BLAS_REPAIR"

  /// The core OpenBLAS is running (`openblas_get_corename`), e.g. "Haswell".
  public static var coreName: String { String(cString: openblas_get_corename()) }

  /// OpenBLAS's build line, e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
  public static var configuration: String {
    String(cString: openblas_get_config()).trimmingCharacters(in: .whitespaces)
  }

  /// Whether this OpenBLAS can switch kernels at load time (`OPENBLAS_CORETYPE` is read only then).
  public static var canSwitchKernels: Bool { configuration.contains("DYNAMIC_ARCH") }

  /// Whether `core` is one of OpenBLAS's SSE-only cores.
  public static func isGeneric(_ core: String) -> Bool { sseOnlyCores.contains(core.lowercased()) }

  /// The core to ask for instead of `core` on `cpu`: SkylakeX where the CPU has AVX-512 (F, DQ,
  /// BW, VL: what those kernels use), Haswell where it has AVX2 and FMA; nil where `core` is
  /// not generic or the CPU has nothing better. A non-generic choice is left alone, whoever made
  /// it: a machine may set `OPENBLAS_CORETYPE=Haswell` on purpose where wider kernels misbehave.
  public static func replacement(forCore core: String, on cpu: CPUFeatures) -> String? {
    guard isGeneric(core) else { return nil }
    if cpu.avx512 { return "SkylakeX" }
    if cpu.avx2 && cpu.fma { return "Haswell" }
    return nil
  }

  /// Call first in a program's `main`, before any other work: when OpenBLAS fell back to a
  /// generic core on a CPU that has AVX2 or AVX-512, re-executes the program (same arguments,
  /// same process id) with `OPENBLAS_CORETYPE` naming the right core, and says so on standard
  /// error. Returns normally when there is nothing to do, when the repair is switched off, when
  /// this OpenBLAS cannot switch, or when re-executing fails (the program then runs as it is).
  public static func useBestKernel(environment: [String: String] = ProcessInfo.processInfo.environment) {
    let current = coreName
    if let replaced = environment[repairVariable], replaced != "off" {
      // The re-executed process: say once what happened (or that OpenBLAS ignored the request).
      let outcome =
        isGeneric(current)
        ? "OpenBLAS still runs its generic \(current) kernels after being asked for \(environment["OPENBLAS_CORETYPE"] ?? "?")"
        : "running OpenBLAS's \(current) kernels instead of its generic \(replaced) fallback"
      warn("\(outcome) (\(CPUFeatures.current().summary); \(repairVariable)=off keeps OpenBLAS's choice)")
      return
    }
    guard environment[repairVariable] != "off",
      let better = replacement(forCore: current, on: CPUFeatures.current())
    else { return }
    guard canSwitchKernels else {
      warn(
        "OpenBLAS runs its generic \(current) kernels on this CPU (\(CPUFeatures.current().summary)) and was built for one CPU, so it cannot switch; a DYNAMIC_ARCH OpenBLAS (Debian's libopenblas0-pthread) or FlexiBLAS would be several times faster"
      )
      return
    }
    setenv("OPENBLAS_CORETYPE", better, 1)
    setenv(repairVariable, current, 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    // Only reached when execv failed: carry on with the generic kernels, and say so.
    let reason = String(cString: strerror(errno))
    unsetenv("OPENBLAS_CORETYPE")
    unsetenv(repairVariable)
    warn(
      "OpenBLAS runs its generic \(current) kernels; re-executing with OPENBLAS_CORETYPE=\(better) failed (\(reason))")
  }

  private static func warn(_ message: String) {
    FileHandle.standardError.write(Data("gravitas: \(message)\n".utf8))
  }
}
