import Foundation
import GNN
import MPI
import NN
import TensorCore

/// How `gnn train` computes each batch's gradient: whole in this process (the default), in
/// slices summed in order (`--slice`), or in slices spread over Open MPI's ranks (`mpirun`).
/// With the same `--slice`, one process and any number of ranks give the same bits.
struct DataParallel {
  let gradient: SlicedGradient?
  /// Open MPI's world when mpirun started this process with more than one rank.
  let world: MPICommunicator?

  var rank: Int { world?.rank ?? 0 }
  var isRoot: Bool { rank == 0 }

  /// Under mpirun the slices default to `defaultSlice` time steps.
  static let defaultSlice = 8

  /// - Parameter environment: the process's variables (passed in): Open MPI's
  ///   OMPI_COMM_WORLD_SIZE > 1 opens libmpi; MPICH's PMI_SIZE > 1 is refused.
  init(environment: [String: String], slice: Int?) throws {
    let openMPIRanks = environment["OMPI_COMM_WORLD_SIZE"].flatMap { Int($0) } ?? 1
    let pmiRanks = environment["PMI_SIZE"].flatMap { Int($0) } ?? 1
    if openMPIRanks > 1 {
      let world = try MPICommunicator()
      // OMPI_COMM_WORLD_SIZE set by hand, without mpirun, gives a world of one.
      guard world.size == openMPIRanks else {
        throw CommandFailure(
          "OMPI_COMM_WORLD_SIZE=\(openMPIRanks) but MPI's world has \(world.size) rank(s): start gnn train with mpirun")
      }
      self.world = world
      gradient = SlicedGradient(sliceRows: slice ?? Self.defaultSlice, communicator: world)
    } else if pmiRanks > 1 {
      throw CommandFailure(
        "PMI_SIZE=\(pmiRanks): data-parallel gnn train runs under Open MPI's mpirun only (MPICH's ABI is not supported)"
      )
    } else {
      world = nil
      gradient = slice.map { SlicedGradient(sliceRows: $0, communicator: SingleProcess()) }
    }
  }

  /// One line on what this process does, for rank 0 to print.
  func summary(batch: Int) -> String? {
    guard let gradient else { return nil }
    let slices = (batch + gradient.sliceRows - 1) / gradient.sliceRows
    let ranks =
      world.map {
        "over \($0.size) Open MPI ranks (rank 0 gathers every slice's gradient, sums in slice order, broadcasts)"
      }
      ?? "in one process"
    return
      "gradients in \(slices) slice\(slices == 1 ? "" : "s") of \(gradient.sliceRows) time steps per batch, \(ranks); "
      + "pool per rank: \(ThreadPlan.current)"
  }
}
