/// Comparisons (no gradient), select/where and clamp.
infix operator .> : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .== : ComparisonPrecedence
infix operator .!= : ComparisonPrecedence

// Comparisons return 1 or 0 in the operands' dtype, so a mask multiplies straight in.
public func .> (a: Tensor, b: Tensor) -> Tensor { a.apply(.greater, b, "greater") }
public func .>= (a: Tensor, b: Tensor) -> Tensor { a.apply(.greaterEqual, b, "greaterEqual") }
public func .< (a: Tensor, b: Tensor) -> Tensor { a.apply(.less, b, "less") }
public func .<= (a: Tensor, b: Tensor) -> Tensor { a.apply(.lessEqual, b, "lessEqual") }
public func .== (a: Tensor, b: Tensor) -> Tensor { a.apply(.equal, b, "equal") }
public func .!= (a: Tensor, b: Tensor) -> Tensor { a.apply(.notEqual, b, "notEqual") }
public func .> (a: Tensor, b: Double) -> Tensor { a .> a.constant(b) }
public func .>= (a: Tensor, b: Double) -> Tensor { a .>= a.constant(b) }
public func .< (a: Tensor, b: Double) -> Tensor { a .< a.constant(b) }
public func .<= (a: Tensor, b: Double) -> Tensor { a .<= a.constant(b) }
public func .== (a: Tensor, b: Double) -> Tensor { a .== a.constant(b) }
public func .!= (a: Tensor, b: Double) -> Tensor { a .!= a.constant(b) }

/// `condition != 0 ? a : b` elementwise, all three broadcast together. The gradient goes to the
/// branch that was taken; none goes to the condition.
public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
  let ab = a.meet(b, "select")
  if condition.dtype != a.dtype { fail(.dtypeMismatch(op: "select", dtypes: [condition.dtype, a.dtype])) }
  let out: [Int]
  do { out = try Shape.broadcast(condition.shape, ab, op: "select") } catch { fail(error) }
  let mask = condition.detached()
  let (sa, sb) = (a.shape, b.shape)
  let y = a.like(
    out,
    a.backend.select(
      condition.buffer, shape: condition.shape, a.buffer, shape: a.shape,
      b.buffer, shape: b.shape, outShape: out))
  return a.record(y, inputs: [a, b]) { g in
    let zero = g.constant(0)
    return [select(mask, g, zero).unbroadcast(to: sa), select(mask, zero, g).unbroadcast(to: sb)]
  }
}

/// Elementwise maximum; at ties the gradient is split evenly, as in PyTorch.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { extremum(a, b, .maximum, .greater) }
/// Elementwise minimum; at ties the gradient is split evenly.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { extremum(a, b, .minimum, .less) }

private func extremum(_ a: Tensor, _ b: Tensor, _ op: BinaryOp, _ wins: BinaryOp) -> Tensor {
  let (x, y) = (a.detached(), b.detached())
  return a.record(a.apply(op, b, "\(op)"), inputs: [a, b]) { g in
    let share = x.apply(wins, y, "\(op)") + 0.5 * (x .== y)
    return [(g * share).unbroadcast(to: x.shape), (g * (1 - share)).unbroadcast(to: y.shape)]
  }
}

/// Limits x to [lower, upper]; the gradient passes where lower ≤ x ≤ upper.
public func clamp(_ x: Tensor, min lower: Double, max upper: Double) -> Tensor {
  precondition(lower <= upper, "clamp: min \(lower) is above max \(upper)")
  let a = x.detached()
  let y = a.apply(.maximum, a.constant(lower), "clamp").apply(.minimum, a.constant(upper), "clamp")
  return x.record(y, inputs: [x]) { g in [g * (a .>= lower) * (a .<= upper)] }
}
