/// + − × ÷ and pow, with NumPy broadcasting. Each backward sums the gradient over the axes an
/// operand was broadcast along (`unbroadcast`).
extension Tensor {
  /// Checks two operands can meet in `op` and returns their broadcast shape.
  func meet(_ other: Tensor, _ op: String) -> [Int] {
    if dtype != other.dtype { fail(.dtypeMismatch(op: op, dtypes: [dtype, other.dtype])) }
    if backend !== other.backend { fail(.backendMismatch(op: op, backends: [backend.name, other.backend.name])) }
    if shape == other.shape { return shape }
    do { return try Shape.broadcast(shape, other.shape, op: op) } catch { fail(error) }
  }

  /// The raw broadcast binary kernel, unrecorded.
  func apply(_ op: BinaryOp, _ other: Tensor, _ name: String) -> Tensor {
    let out = meet(other, name)
    return like(out, backend.binary(op, buffer, shape: shape, other.buffer, shape: other.shape, outShape: out))
  }

  /// Sums `self` (a gradient of a broadcast result) back down to `target` shape.
  func unbroadcast(to target: [Int]) -> Tensor {
    if shape == target { return self }
    let lead = rank - target.count
    var axes = Array(0..<lead)
    for (i, size) in target.enumerated() where size == 1 && shape[lead + i] != 1 { axes.append(lead + i) }
    return sum(alongAxes: axes, keepingDimensions: true).reshaped(to: target)
  }
}

public func + (a: Tensor, b: Tensor) -> Tensor {
  let (sa, sb) = (a.shape, b.shape)
  return a.record(a.apply(.add, b, "add"), inputs: [a, b]) { g in [g.unbroadcast(to: sa), g.unbroadcast(to: sb)] }
}

public func - (a: Tensor, b: Tensor) -> Tensor {
  let (sa, sb) = (a.shape, b.shape)
  return a.record(a.apply(.subtract, b, "subtract"), inputs: [a, b]) { g in
    [g.unbroadcast(to: sa), (-g).unbroadcast(to: sb)]
  }
}

public func * (a: Tensor, b: Tensor) -> Tensor {
  let (x, y) = (a.detached(), b.detached())
  return a.record(a.apply(.multiply, b, "multiply"), inputs: [a, b]) { g in
    [(g * y).unbroadcast(to: x.shape), (g * x).unbroadcast(to: y.shape)]
  }
}

public func / (a: Tensor, b: Tensor) -> Tensor {
  let (x, y) = (a.detached(), b.detached())
  return a.record(a.apply(.divide, b, "divide"), inputs: [a, b]) { g in
    let gx = g / y
    return [gx.unbroadcast(to: x.shape), (-gx * x / y).unbroadcast(to: y.shape)]
  }
}

public prefix func - (x: Tensor) -> Tensor {
  x.record(x.like(x.shape, x.backend.unary(.negate, x.buffer)), inputs: [x]) { g in [-g] }
}

/// xʸ elementwise. The gradient with respect to y is xʸ·log x, defined for x > 0.
public func pow(_ x: Tensor, _ y: Tensor) -> Tensor {
  let (a, b) = (x.detached(), y.detached())
  let z = x.apply(.pow, y, "pow")
  return x.record(z, inputs: [x, y]) { g in
    [(g * b * pow(a, b - 1)).unbroadcast(to: a.shape), (g * z * log(a)).unbroadcast(to: b.shape)]
  }
}

/// xᵖ for a constant exponent: no log x is taken, so negative x is fine for integer p.
public func pow(_ x: Tensor, _ p: Double) -> Tensor {
  let a = x.detached()
  let z = x.apply(.pow, x.constant(p), "pow")
  return x.record(z, inputs: [x]) { g in [g * p * pow(a, p - 1)] }
}

// Scalars on either side become 0-d tensors of the tensor's dtype and backend.
public func + (a: Tensor, b: Double) -> Tensor { a + a.constant(b) }
public func + (a: Double, b: Tensor) -> Tensor { b.constant(a) + b }
public func - (a: Tensor, b: Double) -> Tensor { a - a.constant(b) }
public func - (a: Double, b: Tensor) -> Tensor { b.constant(a) - b }
public func * (a: Tensor, b: Double) -> Tensor { a * a.constant(b) }
public func * (a: Double, b: Tensor) -> Tensor { b.constant(a) * b }
public func / (a: Tensor, b: Double) -> Tensor { a / a.constant(b) }
public func / (a: Double, b: Tensor) -> Tensor { b.constant(a) / b }

extension Tensor {
  public static func += (a: inout Tensor, b: Tensor) { a = a + b }
  public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
  public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
  public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
}
