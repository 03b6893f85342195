/// Sums, means, extrema and log-sum-exp along axes.
extension Tensor {
  /// Validates and sorts the axes of a reduction (all axes when `axes` is nil).
  func reductionAxes(_ axes: [Int]?, _ op: String) -> [Int] {
    guard let axes else { return Array(0..<rank) }
    do throws(TensorError) {
      var normalised: [Int] = []
      for axis in axes { normalised.append(try Shape.axis(axis, rank: rank, op: op)) }
      guard Set(normalised).count == normalised.count else {
        throw TensorError.invalidArgument(op: op, reason: "axes \(axes) repeat an axis")
      }
      return normalised.sorted()
    } catch { fail(error) }
  }

  /// Reduces along each axis in turn with the raw kernel; the result keeps the reduced axes as 1.
  func reduced(_ op: ReduceOp, _ axes: [Int]) -> Tensor {
    var shape = self.shape
    var buffer = self.buffer
    for axis in axes where shape[axis] != 1 {
      let outer = Shape.count(Array(shape[..<axis]))
      let inner = Shape.count(Array(shape[(axis + 1)...]))
      buffer = backend.reduce(op, buffer, outer: outer, size: shape[axis], inner: inner)
      shape[axis] = 1
    }
    return like(shape, buffer)
  }

  static func dropping(_ axes: [Int], from shape: [Int]) -> [Int] {
    shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
  }

  /// Σ along `axes` (all when nil).
  public func sum(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) -> Tensor {
    let axes = reductionAxes(axes, "sum")
    let kept = reduced(.sum, axes)
    let y = keep ? kept : kept.reshapedRaw(Tensor.dropping(axes, from: shape))
    let (inShape, keptShape) = (shape, kept.shape)
    return record(y, inputs: [self]) { g in [g.reshaped(to: keptShape).expanded(to: inShape)] }
  }

  /// The arithmetic mean along `axes` (all when nil).
  public func mean(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) -> Tensor {
    let axes = reductionAxes(axes, "mean")
    let n = axes.reduce(1) { $0 * shape[$1] }
    return sum(alongAxes: axes, keepingDimensions: keep) / Double(n)
  }

  /// The maximum along `axes`; ties share the gradient evenly (as PyTorch's amax).
  public func max(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) -> Tensor {
    extremum(.max, axes, keep, "max")
  }

  /// The minimum along `axes`; ties share the gradient evenly.
  public func min(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) -> Tensor {
    extremum(.min, axes, keep, "min")
  }

  private func extremum(_ op: ReduceOp, _ axes: [Int]?, _ keep: Bool, _ name: String) -> Tensor {
    let axes = reductionAxes(axes, name)
    let kept = reduced(op, axes)
    let y = keep ? kept : kept.reshapedRaw(Tensor.dropping(axes, from: shape))
    let x = detached()
    return record(y, inputs: [self]) { g in
      let winners = x .== kept
      let share = winners / winners.sum(alongAxes: axes, keepingDimensions: true)
      return [g.reshaped(to: kept.shape) * share]
    }
  }

  /// log Σ exp along `axes`, shifted by the maximum so it cannot overflow.
  public func logSumExp(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) -> Tensor {
    let axes = reductionAxes(axes, "logSumExp")
    let shift = detached().reduced(.max, axes)
    let safeShift = select(shift.map(.abs) .== Double.infinity, shift.constant(0), shift)  // rows of ±∞
    let y = log(exp(self - safeShift).sum(alongAxes: axes, keepingDimensions: true)) + safeShift
    return keep ? y : y.reshaped(to: Tensor.dropping(axes, from: shape))
  }
}
