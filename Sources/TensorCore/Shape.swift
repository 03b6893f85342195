/// Shape arithmetic: element counts, row-major strides and NumPy broadcasting.
public enum Shape {
  /// Number of elements of a tensor of this shape (1 for a 0-d tensor).
  @inlinable public static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

  /// Row-major (C-order) strides, in elements.
  public static func strides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[axis] = running
      running *= shape[axis]
    }
    return strides
  }

  /// The broadcast shape of two shapes under NumPy's rules: align trailing axes; each pair must
  /// be equal or contain a 1.
  public static func broadcast(_ a: [Int], _ b: [Int], op: String) throws(TensorError) -> [Int] {
    let rank = max(a.count, b.count)
    var out = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
      let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
      let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
      if da == db || db == 1 {
        out[i] = da
      } else if da == 1 {
        out[i] = db
      } else {
        throw .shapeMismatch(
          op: op, shapes: [a, b], reason: "axis \(i) has sizes \(da) and \(db), which do not broadcast")
      }
    }
    return out
  }

  /// Strides for reading a tensor of `shape` as if it had `target` shape: 0 along broadcast axes.
  public static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = strides(shape)
    let offset = target.count - shape.count
    return (0..<target.count).map { i in
      i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
    }
  }

  /// Normalises a possibly negative axis (−1 is the last) and checks it is in range.
  public static func axis(_ axis: Int, rank: Int, op: String) throws(TensorError) -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0 && a < rank else {
      throw .invalidArgument(op: op, reason: "axis \(axis) is out of range for rank \(rank)")
    }
    return a
  }

  /// Merges neighbouring axes that every operand walks contiguously, and drops size-1 axes, so
  /// that e.g. [1360, 1] + [1360, 1] runs as one row of 1360 rather than 1360 rows of 1.
  public static func coalesce(_ shape: [Int], _ strides: [[Int]]) -> ([Int], [[Int]]) {
    var outShape: [Int] = []
    var outStrides = strides.map { _ in [Int]() }
    for axis in shape.indices where shape[axis] != 1 {
      if let last = outShape.last,
        strides.indices.allSatisfy({ k in outStrides[k].last! == strides[k][axis] * shape[axis] })
      {
        outShape[outShape.count - 1] = last * shape[axis]
        for k in strides.indices { outStrides[k][outStrides[k].count - 1] = strides[k][axis] }
      } else {
        outShape.append(shape[axis])
        for k in strides.indices { outStrides[k].append(strides[k][axis]) }
      }
    }
    return (outShape, outStrides)
  }
}
