import Foundation

/// Elementwise functions, each with its derivative beside it.
extension Tensor {
  func map(_ op: UnaryOp) -> Tensor { like(shape, backend.unary(op, buffer)) }
}

/// eˣ
public func exp(_ x: Tensor) -> Tensor {
  let y = x.map(.exp)
  return x.record(y, inputs: [x]) { g in [g * y] }
}

/// Natural logarithm.
public func log(_ x: Tensor) -> Tensor {
  let a = x.detached()
  return x.record(x.map(.log), inputs: [x]) { g in [g / a] }
}

/// log(1 + x), accurate for small x.
public func log1p(_ x: Tensor) -> Tensor {
  let a = x.detached()
  return x.record(x.map(.log1p), inputs: [x]) { g in [g / (a + 1)] }
}

public func sqrt(_ x: Tensor) -> Tensor {
  let y = x.map(.sqrt)
  return x.record(y, inputs: [x]) { g in [g / (2 * y)] }
}

/// |x|; the derivative at 0 is taken as 0 (the subgradient PyTorch uses).
public func abs(_ x: Tensor) -> Tensor {
  let a = x.detached()
  return x.record(x.map(.abs), inputs: [x]) { g in [g * a.map(.sign)] }
}

/// −1, 0 or 1; its derivative is zero wherever it exists.
public func sign(_ x: Tensor) -> Tensor { x.detached().map(.sign) }

public func tanh(_ x: Tensor) -> Tensor {
  let y = x.map(.tanh)
  return x.record(y, inputs: [x]) { g in [g.apply(.tanhBackward, y, "tanh backward")] }
}

/// 1 / (1 + e⁻ˣ)
public func sigmoid(_ x: Tensor) -> Tensor {
  let y = x.map(.sigmoid)
  return x.record(y, inputs: [x]) { g in [g * y * (1 - y)] }
}

/// max(x, 0); the derivative at 0 is taken as 0.
public func relu(_ x: Tensor) -> Tensor {
  let a = x.detached()
  return x.record(x.map(.relu), inputs: [x]) { g in [g * (a .> 0)] }
}

/// x for x > 0, slope·x otherwise.
public func leakyRelu(_ x: Tensor, negativeSlope: Double = 0.01) -> Tensor {
  select(x .> 0, x, x * negativeSlope)
}

/// x·σ(x), also called swish.
public func silu(_ x: Tensor) -> Tensor {
  let a = x.detached()
  return x.record(x.map(.silu), inputs: [x]) { g in [g.apply(.siluBackward, a, "silu backward")] }
}

/// log(1 + eˣ), computed without overflow.
public func softplus(_ x: Tensor) -> Tensor {
  let a = x.detached()
  return x.record(x.map(.softplus), inputs: [x]) { g in [g * sigmoid(a)] }
}

/// The error function.
public func erf(_ x: Tensor) -> Tensor {
  let a = x.detached()
  return x.record(x.map(.erf), inputs: [x]) { g in [g * (2 / Double.pi.squareRoot()) * exp(-(a * a))] }
}

/// The exact GELU, x·Φ(x) = ½x(1 + erf(x/√2)), as PyTorch's default.
public func gelu(_ x: Tensor) -> Tensor { 0.5 * x * (1 + erf(x / 2.0.squareRoot())) }

public func sin(_ x: Tensor) -> Tensor {
  let a = x.detached()
  return x.record(x.map(.sin), inputs: [x]) { g in [g * a.map(.cos)] }
}

public func cos(_ x: Tensor) -> Tensor {
  let a = x.detached()
  return x.record(x.map(.cos), inputs: [x]) { g in [-(g * a.map(.sin))] }
}

extension Tensor {
  public func squared() -> Tensor { self * self }
}
