import Foundation
import GravitasVersion

extension BLASKernel {
  /// What `--version` and `gravitas-selftest` print about the machine's arithmetic: the BLAS
  /// build, its kernels and who chose them, the threads, and the CPU.
  public static func report(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    let chosenBy: String
    if let replaced = environment[repairVariable], replaced != "off" {
      chosenBy = "chosen by Gravitas: OpenBLAS fell back to its generic \(replaced) kernels on this CPU"
    } else if let set = environment["OPENBLAS_CORETYPE"] {
      chosenBy = "set by OPENBLAS_CORETYPE=\(set)"
    } else {
      chosenBy = "OpenBLAS's own choice"
    }
    return """
      BLAS: \(configuration)
      kernels: \(coreName) (\(chosenBy))
      threads: \(CPUBackend.poolThreadCount) (Gravitas's pool, from \(ThreadPlan.current.reason); OpenBLAS runs single-threaded inside each job)
      CPU: \(CPUFeatures.current().summary)
      """
  }

  /// `cosmo --version`: the command, package version and commit, then `report()`.
  public static func versionText(command: String, commit: String?) -> String {
    "\(GravitasVersion.line(command: command, commit: commit))\n\(report())"
  }
}
