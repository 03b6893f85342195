/// Integer indices held on a backend, for gather and scatter-add.
public struct Indices {
  public let values: [Int]
  let buffer: DeviceBuffer

  public init(_ values: [Int], on backend: Backend = CPUBackend.shared) {
    self.values = values
    buffer = backend.uploadIndices(values)
  }

  public var count: Int { values.count }
}

extension Tensor {
  /// Splits the shape around `axis` into the [outer, size, inner] view the kernels take.
  func around(_ axis: Int) -> (outer: Int, size: Int, inner: Int) {
    (Shape.count(Array(shape[..<axis])), shape[axis], Shape.count(Array(shape[(axis + 1)...])))
  }

  /// Index select: `result[..., j, ...] = self[..., indices[j], ...]` along `axis` (PyTorch's
  /// `index_select`). Its gradient is the scatter-add of the incoming gradient.
  public func gathering(_ indices: Indices, alongAxis axis: Int = 0) -> Tensor {
    let a = checkedAxis(axis, "gather")
    let (outer, size, inner) = around(a)
    if let bad = indices.values.first(where: { $0 < 0 || $0 >= size }) {
      fail(.invalidArgument(op: "gather", reason: "index \(bad) is out of range for axis \(axis) of shape \(shape)"))
    }
    var outShape = shape
    outShape[a] = indices.count
    let y = like(outShape, backend.gather(buffer, outer: outer, size: size, inner: inner, indices: indices.buffer))
    return record(y, inputs: [self]) { g in [g.scatterAdding(indices, alongAxis: a, size: size)] }
  }

  /// Index add: a tensor with `size` entries along `axis`, where entry i is the sum of the slices
  /// j of `self` with `indices[j] == i` (PyTorch's `index_add` into zeros). Message passing sums
  /// messages into their receivers with it. Deterministic: sums run in index order.
  public func scatterAdding(_ indices: Indices, alongAxis axis: Int = 0, size: Int) -> Tensor {
    let a = checkedAxis(axis, "scatterAdd")
    let (outer, n, inner) = around(a)
    guard n == indices.count else {
      fail(
        .shapeMismatch(
          op: "scatterAdd", shapes: [shape, [indices.count]],
          reason: "axis \(axis) has \(n) entries but \(indices.count) indices"))
    }
    if let bad = indices.values.first(where: { $0 < 0 || $0 >= size }) {
      fail(.invalidArgument(op: "scatterAdd", reason: "index \(bad) is out of range for size \(size)"))
    }
    var outShape = shape
    outShape[a] = size
    let y = like(outShape, backend.scatterAdd(buffer, outer: outer, size: size, inner: inner, indices: indices.buffer))
    return record(y, inputs: [self]) { g in [g.gathering(indices, alongAxis: a)] }
  }
}
