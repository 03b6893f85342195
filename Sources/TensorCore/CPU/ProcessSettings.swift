import CBLAS
import CKernels
import Foundation

/// What a program sets for its whole process before it computes anything: which OpenBLAS
/// kernels run, how many threads OpenBLAS keeps, and how the allocator treats freed blocks.
///
/// These are process-wide, so no initialiser changes them: each executable applies its settings
/// once, first thing in its entry point (`ProcessSettings.commands.apply()`), and a library or a
/// test that never does runs with the C libraries' defaults. The pool's own thread count is
/// `ThreadPlan.current`, read from the environment and the affinity mask, not set here.
public struct ProcessSettings: Equatable, Sendable {
  /// Re-execute the program with `OPENBLAS_CORETYPE` naming better kernels when OpenBLAS fell
  /// back to generic SSE ones (`BLASKernel.useBestKernel`).
  public var repairsBLASKernel: Bool
  /// OpenBLAS's own threads; nil leaves OpenBLAS's choice. The CPU backend splits kernels into
  /// jobs itself and calls OpenBLAS inside them, so its commands run OpenBLAS single-threaded
  /// (see CPUBackend+Parallel.swift: its own threads competed with the pool's).
  public var blasThreads: Int?
  /// Keep freed multi-megabyte blocks on the heap for the next training step instead of
  /// returning them to the kernel (glibc's mmap and trim thresholds, one arena: allocator.c).
  public var keepsFreedMemory: Bool

  public init(repairsBLASKernel: Bool, blasThreads: Int?, keepsFreedMemory: Bool) {
    precondition(blasThreads.map { $0 >= 1 } ?? true, "ProcessSettings: blasThreads \(blasThreads ?? 0) < 1")
    self.repairsBLASKernel = repairsBLASKernel
    self.blasThreads = blasThreads
    self.keepsFreedMemory = keepsFreedMemory
  }

  /// What the training and benchmark programs (`cosmo`, `gnn`, `bench`, `gravitas-selftest`)
  /// run with: repaired kernels, single-threaded OpenBLAS under the pool, freed memory kept.
  public static let commands = ProcessSettings(repairsBLASKernel: true, blasThreads: 1, keepsFreedMemory: true)

  /// Applies the settings to this process. Call once, first thing in `main`: the kernel repair
  /// re-executes the program, so nothing before it should have had an effect.
  public func apply() {
    if repairsBLASKernel { BLASKernel.useBestKernel() }
    if let blasThreads { openblas_set_num_threads(Int32(blasThreads)) }
    if keepsFreedMemory { gravitas_keep_freed_memory() }
  }
}
