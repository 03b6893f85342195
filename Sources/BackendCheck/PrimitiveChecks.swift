import PeerRandom
import TensorCore

/// One call (or a few) of the `Backend` protocol, returning what it computed as Doubles.
struct PrimitiveCheck {
  let name: String
  var tolerance: Double? = nil
  /// A deterministic backend must give the CPU's bits here (scatter-add sums in index order).
  var bitExactWhenDeterministic = false
  let body: (Backend, DType) -> [Double]
}

/// Every primitive of the protocol, with broadcast, strided, batched, repeated-index and
/// non-finite cases: the ones a new backend gets wrong first.
enum PrimitiveChecks {
  /// Seeded inputs in [low, high).
  static func values(_ count: Int, seed: UInt64, low: Double = -2, high: Double = 2) -> [Double] {
    PeerStream.uniforms(seed: seed, count: count).map { low + (high - low) * $0 }
  }

  static func put(_ backend: Backend, _ values: [Double], _ dtype: DType) -> DeviceBuffer {
    backend.upload(values, dtype: dtype)
  }

  static let unaryDomains: [(UnaryOp, Double, Double)] = [
    (.negate, -3, 3), (.exp, -10, 10), (.log, 0.01, 100), (.log1p, -0.9, 10), (.sqrt, 0, 50), (.abs, -3, 3),
    (.sign, -3, 3), (.tanh, -6, 6), (.sigmoid, -30, 30), (.relu, -3, 3), (.softplus, -30, 30), (.sin, -7, 7),
    (.cos, -7, 7), (.erf, -4, 4), (.silu, -30, 30),
  ]

  static let binaryOps: [BinaryOp] = [
    .add, .subtract, .multiply, .divide, .pow, .maximum, .minimum,
    .greater, .greaterEqual, .less, .lessEqual, .equal, .notEqual, .tanhBackward, .siluBackward,
  ]

  /// Operand shapes → output shape: same shape, broadcasting both ways, a 0-d operand.
  static let binaryShapes: [([Int], [Int], [Int])] = [
    ([3, 5], [3, 5], [3, 5]), ([2, 1, 4], [3, 1], [2, 3, 4]), ([4, 3], [], [4, 3]), ([1, 6], [5, 1], [5, 6]),
  ]

  static var all: [PrimitiveCheck] {
    var checks: [PrimitiveCheck] = []
    checks.append(
      PrimitiveCheck(name: "upload/download") { backend, dtype in
        backend.download(put(backend, values(37, seed: 1), dtype))
      })
    checks.append(
      PrimitiveCheck(name: "fill") { backend, dtype in backend.download(backend.fill(-1.25, count: 300, dtype: dtype)) }
    )
    checks.append(
      PrimitiveCheck(name: "cast") { backend, dtype in
        let other: DType = dtype == .float64 ? .float32 : .float64
        return backend.download(backend.cast(put(backend, values(50, seed: 2), dtype), to: other))
          + backend.download(backend.cast(put(backend, values(5, seed: 3), dtype), to: dtype))
      })
    for (op, low, high) in unaryDomains {
      checks.append(
        PrimitiveCheck(name: "unary \(op)") { backend, dtype in
          var x = values(257, seed: 4, low: low, high: high)
          x[0] = low
          x[1] = 0.0 < low ? high : 0
          return backend.download(backend.unary(op, put(backend, x, dtype)))
        })
    }
    for op in binaryOps {
      for (aShape, bShape, outShape) in binaryShapes {
        checks.append(
          PrimitiveCheck(name: "binary \(op) \(aShape) \(bShape)") { backend, dtype in
            let positive = op == .pow
            var a = values(Shape.count(aShape), seed: 5, low: positive ? 0.1 : -2, high: 2)
            var b = values(Shape.count(bShape), seed: 6, low: -2, high: 2)
            if !positive && a.count > 2 && b.count > 2 {
              a[1] = b[1]  // ties for the comparisons
              a[2] = .nan  // NaN propagation in maximum/minimum
            }
            if op == .divide { b = b.map { $0 == 0 ? 1 : $0 } }
            return backend.download(
              backend.binary(
                op, put(backend, a, dtype), shape: aShape,
                put(backend, b, dtype), shape: bShape, outShape: outShape))
          })
      }
    }
    checks.append(
      PrimitiveCheck(name: "select, broadcast") { backend, dtype in
        let condition = values(4, seed: 7).map { $0 > 0 ? 1.0 : 0.0 }
        return backend.download(
          backend.select(
            put(backend, condition, dtype), shape: [4, 1],
            put(backend, values(12, seed: 8), dtype), shape: [3, 4, 1],
            put(backend, values(5, seed: 9), dtype), shape: [5], outShape: [3, 4, 5]))
      })
    for op in [ReduceOp.sum, .max, .min] {
      for (outer, size, inner) in [(3, 5, 4), (4, 1000, 1), (1, 7, 1), (2, 3, 129), (1, 0, 3)] {
        checks.append(
          PrimitiveCheck(name: "reduce \(op) [\(outer), \(size), \(inner)]") { backend, dtype in
            backend.download(
              backend.reduce(
                op, put(backend, values(outer * size * inner, seed: 10), dtype),
                outer: outer, size: size, inner: inner))
          })
      }
    }
    for (transposeA, transposeB, broadcastA, broadcastB, batch) in [
      (false, false, false, false, 1), (true, false, false, false, 2), (false, true, false, false, 3),
      (true, true, false, false, 2), (false, false, true, false, 3), (false, false, false, true, 4),
    ] {
      let (m, n, k) = (7, 5, 9)
      checks.append(
        PrimitiveCheck(
          name: "matmul tA=\(transposeA) tB=\(transposeB) shareA=\(broadcastA) shareB=\(broadcastB) batch=\(batch)"
        ) { backend, dtype in
          let a = values((broadcastA ? 1 : batch) * m * k, seed: 11)
          let b = values((broadcastB ? 1 : batch) * k * n, seed: 12)
          return backend.download(
            backend.matmul(
              put(backend, a, dtype), transposeA: transposeA, broadcastA: broadcastA,
              put(backend, b, dtype), transposeB: transposeB, broadcastB: broadcastB,
              batch: batch, m: m, n: n, k: k))
        })
    }
    // A layer's affine map: one input or a batch, a shared or per-layer weight and bias; n = 3 with
    // m·k ≥ 4096 takes the CPU's skinny product, the rest its bias-first gemm.
    for (transposeB, broadcastA, broadcastB, broadcastBias, batch, m, n, k) in [
      (true, false, false, false, 3, 7, 5, 9), (true, true, false, false, 4, 7, 5, 9),
      (true, false, true, true, 2, 7, 5, 9),
      (false, false, false, true, 1, 7, 5, 9), (true, false, false, false, 2, 520, 3, 8),
    ] {
      checks.append(
        PrimitiveCheck(
          name:
            "affine tB=\(transposeB) shareA=\(broadcastA) shareB=\(broadcastB) shareBias=\(broadcastBias) batch=\(batch) [\(m), \(n), \(k)]"
        ) { backend, dtype in
          let a = values((broadcastA ? 1 : batch) * m * k, seed: 31)
          let b = values((broadcastB ? 1 : batch) * k * n, seed: 32)
          let bias = values((broadcastBias ? 1 : batch) * n, seed: 33)
          return backend.download(
            backend.affine(
              put(backend, a, dtype), transposeA: false, broadcastA: broadcastA,
              put(backend, b, dtype), transposeB: transposeB, broadcastB: broadcastB,
              bias: put(backend, bias, dtype), broadcastBias: broadcastBias,
              batch: batch, m: m, n: n, k: k))
        })
    }
    for lower in [true, false] {
      for transpose in [false, true] {
        // A well-conditioned triangle: a dominant diagonal; the ignored triangle holds junk.
        let n = 6
        let k = 3
        func triangle() -> [Double] {
          var a = values(n * n, seed: 13, low: -0.5, high: 0.5)
          for i in 0..<n { a[i * n + i] = 2 + Double(i) / 4 }
          return a
        }
        checks.append(
          PrimitiveCheck(name: "triangularSolve lower=\(lower) transpose=\(transpose)") { backend, dtype in
            backend.download(
              backend.triangularSolve(
                put(backend, triangle(), dtype), put(backend, values(n * k, seed: 14), dtype),
                n: n, k: k, lower: lower, transpose: transpose))
          })
        checks.append(
          PrimitiveCheck(name: "triangularMultiply lower=\(lower) transpose=\(transpose)") { backend, dtype in
            backend.download(
              backend.triangularMultiply(
                put(backend, triangle(), dtype), put(backend, values(n * k, seed: 15), dtype),
                n: n, k: k, lower: lower, transpose: transpose))
          })
      }
    }
    checks.append(
      PrimitiveCheck(name: "symmetricMatmul (the CPU's half-triangle kernel at this size)") { backend, dtype in
        let (n, k) = (70, 3)
        var a = values(n * n, seed: 21)
        for i in 0..<n { for j in 0..<i { a[j * n + i] = a[i * n + j] } }
        return backend.download(
          backend.symmetricMatmul(put(backend, a, dtype), put(backend, values(n * k, seed: 22), dtype), n: n, k: k))
      })
    checks.append(
      PrimitiveCheck(name: "adamStep, the third step", bitExactWhenDeterministic: true) { backend, dtype in
        let c = AdamCoefficients(beta1: 0.9, beta2: 0.999, learningRate: 1e-2, epsilon: 1e-8, step: 3)
        let (p, m, v) = backend.adamStep(
          put(backend, values(40, seed: 23), dtype), put(backend, values(40, seed: 24), dtype),
          put(backend, values(40, seed: 25, low: -0.1, high: 0.1), dtype),
          put(backend, values(40, seed: 26, low: 0, high: 0.01), dtype), c)
        return [p, m, v].flatMap { backend.download($0) }
      })
    checks.append(
      PrimitiveCheck(name: "stridedCopy: permute, expand, slice") { backend, dtype in
        let x = put(backend, values(2 * 3 * 4, seed: 16), dtype)
        let permuted = backend.stridedCopy(x, shape: [4, 2, 3], strides: [1, 12, 4], offset: 0)
        let expanded = backend.stridedCopy(x, shape: [5, 4], strides: [0, 1], offset: 8)
        let sliced = backend.stridedCopy(x, shape: [2, 2, 2], strides: [12, 8, 2], offset: 1)
        return [permuted, expanded, sliced].flatMap { backend.download($0) }
      })
    checks.append(
      PrimitiveCheck(name: "copy into a strided region") { backend, dtype in
        let destination = backend.fill(0, count: 4 * 6, dtype: dtype)
        backend.copy(
          put(backend, values(8, seed: 17), dtype), into: destination, shape: [4, 2], strides: [6, 2], offset: 1)
        return backend.download(destination)
      })
    let indices = [3, 0, 3, 1, 3, 5, 0]  // repeats, and rows 2 and 4 receive nothing
    checks.append(
      PrimitiveCheck(name: "gather with repeated indices") { backend, dtype in
        backend.download(
          backend.gather(
            put(backend, values(2 * 6 * 3, seed: 18), dtype), outer: 2, size: 6, inner: 3,
            indices: backend.uploadIndices(indices)))
      })
    checks.append(
      PrimitiveCheck(name: "scatterAdd with repeated indices", bitExactWhenDeterministic: true) { backend, dtype in
        backend.download(
          backend.scatterAdd(
            put(backend, values(2 * indices.count * 3, seed: 19), dtype), outer: 2, size: 6,
            inner: 3, indices: backend.uploadIndices(indices)))
      })
    checks.append(
      PrimitiveCheck(name: "scatterAdd, 90 edges into 10 nodes × 256 steps", bitExactWhenDeterministic: true) {
        backend, dtype in
        let receivers = (0..<90).map { $0 % 10 }
        return backend.download(
          backend.scatterAdd(
            put(backend, values(256 * 90 * 3, seed: 20), dtype), outer: 256, size: 10,
            inner: 3, indices: backend.uploadIndices(receivers)))
      })
    return checks
  }
}
