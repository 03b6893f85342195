import TensorCore

/// A scalar function of a few tensors built from the public ops, whose value and gradient are
/// compared across backends: together they reach every op's forward and backward.
struct OpProgram {
  let name: String
  let shapes: [[Int]]
  var low: Double = -2
  var high: Double = 2
  /// Whether central differences can check it in Float64 (not through a Float32 cast).
  var finiteDifferences = true
  let body: ([Tensor]) -> Tensor

  func inputs(_ backend: Backend, _ dtype: DType) -> [Tensor] {
    shapes.enumerated().map { k, shape in
      let v = PrimitiveChecks.values(Shape.count(shape), seed: 100 + UInt64(k), low: low, high: high)
      return Tensor(shape: shape, scalars: v, dtype: dtype, on: backend)
    }
  }
}

enum OpPrograms {
  static var all: [OpProgram] {
    [
      OpProgram(name: "arithmetic with broadcasting", shapes: [[2, 3, 4], [3, 1], [4]]) { x in
        ((x[0] * x[1] - x[2]) / (1.5 + x[1].squared()) + 2.0 * x[0]).sum()
      },
      OpProgram(name: "pow", shapes: [[3, 4], [4]], low: 0.3, high: 2) { x in (pow(x[0], x[1]) + pow(x[0], -1.5)).sum()
      },
      OpProgram(name: "exp, log, log1p, sqrt", shapes: [[3, 4]], low: 0.2, high: 2) { x in
        (exp(x[0]) + log(x[0]) + log1p(x[0]) + sqrt(x[0])).sum()
      },
      OpProgram(name: "tanh, sigmoid, softplus, silu, gelu, erf, sin, cos", shapes: [[5, 3]]) { x in
        (tanh(x[0]) * sigmoid(x[0]) + softplus(x[0]) - silu(x[0]) + gelu(x[0]) * erf(x[0]) + sin(x[0]) * cos(x[0]))
          .sum()
      },
      OpProgram(
        name: "abs, relu, leakyRelu, maximum, minimum, clamp (away from kinks)", shapes: [[4, 5], [5]], low: 0.1,
        high: 2
      ) { x in
        let shifted = x[0] - 1.05
        return
          (abs(shifted) + relu(shifted) + leakyRelu(shifted) + maximum(x[0], x[1]) * minimum(x[0], x[1])
          + clamp(x[0], min: 0.5, max: 1.5)).sum()
      },
      OpProgram(name: "select", shapes: [[3, 4], [3, 4]]) { x in select(x[0] .> 0, x[0].squared(), x[1] * 3.0).sum() },
      OpProgram(name: "sum, mean, max, min, logSumExp along axes", shapes: [[3, 4, 5]]) { x in
        x[0].sum(alongAxes: [1]).squared().sum() + x[0].mean(alongAxes: [0, 2]).sum() + x[0].max(alongAxes: [2]).sum()
          - x[0].min(alongAxes: [0]).sum() + x[0].logSumExp(alongAxes: [1]).sum()
      },
      OpProgram(name: "matmul, batched and transposed", shapes: [[2, 3, 4], [4, 5], [2, 5, 3]]) { x in
        let y = matmul(x[0], x[1])  // [2, 3, 5], B shared across the batch
        return (matmul(y, x[2]) + matmul(x[2], y, transposeA: true, transposeB: true)).squared().sum()
      },
      OpProgram(name: "triangularSolve, triangularMultiply", shapes: [[4, 4], [4, 3]], low: 0.5, high: 1.5) { x in
        let a = x[0] + Tensor.identity(4, dtype: x[0].dtype, on: x[0].backend) * 3.0
        return (triangularSolve(a, x[1]).squared() + triangularMultiply(a, x[1], lower: false, transpose: true)).sum()
      },
      OpProgram(name: "quadraticForm", shapes: [[4, 3]]) { x in
        let a = Tensor(
          shape: [4, 4], scalars: PrimitiveChecks.values(16, seed: 21), dtype: x[0].dtype, on: x[0].backend)
        let precision = matmul(a, a, transposeB: true) + Tensor.identity(4, dtype: a.dtype, on: a.backend)
        return quadraticForm(x[0], precision: precision)
      },
      OpProgram(name: "permute, reshape, slice, expand, concatenate, stack", shapes: [[2, 3, 4]]) { x in
        let p = x[0].permuted([2, 0, 1]).reshaped(to: [4, 6])
        let s = p.slice(alongAxis: 1, 1..<6, step: 2)
        let e = x[0].slice(alongAxis: 0, 0..<1).expanded(to: [3, 3, 4])
        let c = Tensor.concatenate([s, s.squared()], alongAxis: 0)
        return c.sum() * 0.5 + e.squared().sum() + Tensor.stack([s, s], alongAxis: 1).sin().sum()
      },
      OpProgram(name: "gather and scatter-add (message passing)", shapes: [[5, 3], [7, 3]]) { x in
        let senders = Indices([0, 1, 2, 3, 4, 0, 2], on: x[0].backend)
        let receivers = Indices([1, 2, 3, 4, 0, 2, 2], on: x[0].backend)
        let messages = x[0].gathering(senders) * x[1]
        return messages.scatterAdding(receivers, size: 5).squared().sum()
      },
      OpProgram(name: "dtype round trip", shapes: [[6]], finiteDifferences: false) { x in
        let other: DType = x[0].dtype == .float64 ? .float32 : .float64
        return (x[0].to(other).squared().to(x[0].dtype) * x[0]).sum()
      },
    ]
  }
}

extension Tensor {
  fileprivate func sin() -> Tensor { TensorCore.sin(self) }
}
