import TensorCore

/// A batch's loss and gradient as the sum of its slices', added in slice order, whatever the
/// number of ranks: the batch is cut into slices of `sliceRows` consecutive rows, rank r
/// differentiates the slices s with s mod size = r, rank 0 gathers every slice's value and
/// gradient and sums them in the order s = 0, 1, 2, …, then broadcasts the sum.
///
/// `MPI_Allreduce` would add the ranks' partial sums in an order of the library's choosing, and
/// a per-rank partial sum already depends on how many ranks there are; adding slices one by one
/// on one rank gives the same bits for 1, 2 or N ranks (and a single process with the same
/// slices). The price is traffic: every slice's gradient reaches rank 0, S × (P + 1) doubles
/// per step for S slices and P parameters, rather than one sum per rank.
public struct SlicedGradient {
  public let sliceRows: Int
  public let communicator: Communicator

  public init(sliceRows: Int, communicator: Communicator) {
    precondition(sliceRows >= 1, "SlicedGradient: sliceRows must be ≥ 1")
    self.sliceRows = sliceRows
    self.communicator = communicator
  }

  /// - Parameters:
  ///   - rows: the batch's rows.
  ///   - loss: a slice's share of the batch loss, `loss(model, sliceRows, batchRowCount,
  ///     context)`: for a mean over the batch, the slice's sum divided by the batch's row count,
  ///     so that the slices' values add up to the batch's.
  public func valueAndGradient<Model: Layer>(
    _ model: Model, rows: [Int], context: ForwardContext,
    loss: (Model, [Int], Int, ForwardContext) -> Tensor
  ) throws -> (value: Double, gradients: [Tensor]) {
    let slices = stride(from: 0, to: rows.count, by: sliceRows).map {
      Array(rows[$0..<min($0 + sliceRows, rows.count)])
    }
    let parameters = model.parameters
    let width = 1 + parameters.reduce(0) { $0 + $1.shape.reduce(1, *) }
    let shard = try Shard(index: communicator.rank, count: communicator.size)
    let perRank = (slices.count + communicator.size - 1) / communicator.size
    // Each rank sends the same count (MPI_Gather's contract): its slices, then zeros.
    var mine = [Double](repeating: 0, count: perRank * width)
    for (position, s) in shard.units(of: slices.count).enumerated() {
      let (value, gradients) = TensorCore.valueAndGradient(at: parameters) { p in
        loss(model.with(parameters: p), slices[s], rows.count, context)
      }
      var offset = position * width
      mine[offset] = value.scalar
      for g in gradients {
        let scalars = g.scalars
        mine.replaceSubrange((offset + 1)..<(offset + 1 + scalars.count), with: scalars)
        offset += scalars.count
      }
    }
    var total = [Double](repeating: 0, count: width)
    if let gathered = try communicator.gather(mine) {
      for s in slices.indices {
        let from = gathered[s % communicator.size]
        let start = (s / communicator.size) * width
        if s == 0 {
          for i in 0..<width { total[i] = from[start + i] }
        } else {
          for i in 0..<width { total[i] += from[start + i] }
        }
      }
    }
    total = try communicator.broadcast(total, count: width)
    var offset = 1
    let gradients = parameters.map { p in
      let count = p.shape.reduce(1, *)
      defer { offset += count }
      return Tensor(shape: p.shape, scalars: Array(total[offset..<(offset + count)]), dtype: p.dtype, on: p.backend)
    }
    return (total[0], gradients)
  }
}
