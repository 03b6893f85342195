import TensorCore
import XCTest

/// Compares reverse-mode gradients of `f` with central finite differences, in Float64.
///
/// A non-scalar output is reduced with a fixed random weighting w (L = Σ w·f), which checks the
/// vector–Jacobian product for an arbitrary seed. The step is h = ∛ε·max(1, |x|), the error
/// measure |analytic − numeric| / max(1, |analytic|, |numeric|).
public func checkGradient(
  _ inputs: [Tensor], tolerance: Double = 1e-6, seed: UInt64 = 7,
  file: StaticString = #filePath, line: UInt = #line,
  _ f: ([Tensor]) -> Tensor
) {
  let output = f(inputs)
  var generator = RandomGenerator(seed: seed)
  let weights = Tensor.uniform(output.shape, low: 0.5, high: 1.5, using: &generator)
  func loss(_ x: [Tensor]) -> Tensor { (f(x) * weights).sum() }
  let (_, analytic) = valueAndGradient(at: inputs, of: loss)
  for (k, input) in inputs.enumerated() {
    XCTAssertEqual(analytic[k].shape, input.shape, "gradient \(k) has the wrong shape", file: file, line: line)
    let values = input.scalars
    let grad = analytic[k].scalars
    for i in values.indices {
      let h = cbrt(Double.ulpOfOne) * max(1, abs(values[i]))
      func shifted(_ delta: Double) -> Double {
        var v = values
        v[i] += delta
        var moved = inputs
        moved[k] = Tensor(shape: input.shape, scalars: v)
        return loss(moved).scalar
      }
      let numeric = (shifted(h) - shifted(-h)) / (2 * h)
      let error = abs(grad[i] - numeric) / max(1, abs(grad[i]), abs(numeric))
      if error > tolerance {
        XCTFail(
          "input \(k) \(input.shape) element \(i): analytic \(grad[i]) vs numeric \(numeric) (error \(error))",
          file: file, line: line)
        return
      }
    }
  }
}

/// `checkGradient` on random inputs of the given shapes, drawn uniformly from [low, high).
public func checkGradient(
  shapes: [[Int]], low: Double = -2, high: Double = 2, tolerance: Double = 1e-6,
  seed: UInt64 = 1, file: StaticString = #filePath, line: UInt = #line,
  _ f: ([Tensor]) -> Tensor
) {
  var generator = RandomGenerator(seed: seed)
  let inputs = shapes.map { Tensor.uniform($0, low: low, high: high, using: &generator) }
  checkGradient(inputs, tolerance: tolerance, file: file, line: line, f)
}

/// Asserts two arrays agree elementwise within `relative` (scaled by max(1, |expected|)).
public func assertClose(
  _ actual: [Double], _ expected: [Double], relative: Double = 1e-12,
  _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(actual.count, expected.count, "counts differ \(message)", file: file, line: line)
  for (i, (a, e)) in zip(actual, expected).enumerated() where !(abs(a - e) <= relative * max(1, abs(e))) {
    XCTFail("element \(i): \(a) vs expected \(e) \(message)", file: file, line: line)
    return
  }
}
