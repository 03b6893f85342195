import CKernels
import Foundation

/// How many threads a process's CPU kernels use, and why: sized from what the process may run
/// on (its CPU affinity, which Slurm's --cpus-per-task and mpirun --bind-to set) and the usual
/// variables, so that processes sharing a node share it rather than each taking every core.
///
/// `OPENBLAS_NUM_THREADS` wins over `OMP_NUM_THREADS` (OpenBLAS's own order); either is capped at
/// the affinity's CPUs, since threads beyond them only take turns on the same cores.
public struct ThreadPlan: Equatable, Sendable, CustomStringConvertible {
  public let threads: Int
  /// One phrase: where the number came from.
  public let reason: String

  /// - Parameters:
  ///   - environment: the process's variables (passed in, so that tests can fake them).
  ///   - affinityCPUs: the CPUs of the process's affinity mask; 0 when unknown.
  ///   - onlineCPUs: the machine's processors, used when the affinity is unknown.
  public init(environment: [String: String], affinityCPUs: Int, onlineCPUs: Int) {
    let available = affinityCPUs > 0 ? affinityCPUs : max(1, onlineCPUs)
    let cpus =
      affinityCPUs > 0
      ? "\(affinityCPUs) CPU\(affinityCPUs == 1 ? "" : "s") in this process's affinity"
      : "\(available) online CPU\(available == 1 ? "" : "s"), affinity unknown"
    for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"] {
      guard let text = environment[name] else { continue }
      // OMP_NUM_THREADS may be a list per nesting level ("4,2"): the first is ours.
      let first = text.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
      guard let asked = Int(first), asked >= 1 else { continue }
      if asked > available {
        (threads, reason) = (available, "\(name)=\(text) capped at the \(cpus)")
      } else {
        (threads, reason) = (asked, "\(name)=\(text); \(cpus)")
      }
      return
    }
    (threads, reason) = (available, cpus)
  }

  /// This process's plan, read once: its environment and affinity mask as the process starts.
  public static let current = ThreadPlan(
    environment: ProcessInfo.processInfo.environment,
    affinityCPUs: Int(gravitas_affinity_cpu_count()),
    onlineCPUs: sysconf(Int32(_SC_NPROCESSORS_ONLN)))

  public var description: String { "\(threads) thread\(threads == 1 ? "" : "s") (\(reason))" }
}
