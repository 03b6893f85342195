import Foundation
import TensorCore

/// The outcome of one comparison: what was run, and the largest disagreement found.
public struct CheckResult: Sendable, CustomStringConvertible {
  public let name: String
  public let maxError: Double
  public let tolerance: Double
  public var passed: Bool { maxError <= tolerance }

  public var description: String {
    "\(passed ? "ok  " : "FAIL") \(name): max error \(maxError.formatted3) (tolerance \(tolerance.formatted3))"
  }
}

/// Runs every primitive of the `Backend` protocol, and a differentiable program over every op,
/// on a candidate backend and on the CPU, in Float32 and Float64, and compares the results
/// element by element. Gradients are also checked against central finite differences on the
/// candidate itself (Float64). This is `gravitas-selftest` on a GPU, and a test on every machine.
public struct BackendComparison {
  public let candidate: Backend
  public let reference: Backend

  /// Whether the candidate promises the same bits run after run, and the CPU's bits for
  /// scatter-add (CUDA's default, sorted-segment scatter-add does; its atomic one does not).
  public let deterministic: Bool

  public init(candidate: Backend, reference: Backend = CPUBackend.shared, deterministic: Bool = true) {
    self.candidate = candidate
    self.reference = reference
    self.deterministic = deterministic
  }

  /// Float32 results may differ in the last bits (fused multiply-adds, another summation order,
  /// the device's own libm); Float64 ones by a few ulps.
  static func tolerance(_ dtype: DType) -> Double { dtype == .float64 ? 1e-11 : 2e-5 }

  public func run(report: (CheckResult) -> Void = { _ in }) -> [CheckResult] {
    var results: [CheckResult] = []
    func record(_ result: CheckResult) {
      results.append(result)
      report(result)
    }
    for dtype in [DType.float64, .float32] {
      for check in PrimitiveChecks.all { record(compare(check, dtype: dtype)) }
      for program in OpPrograms.all { record(compareGradients(program, dtype: dtype)) }
    }
    for program in OpPrograms.all where program.finiteDifferences { record(finiteDifferences(program)) }
    if deterministic {
      for dtype in [DType.float64, .float32] {
        for program in OpPrograms.all { record(repeatability(program, dtype: dtype)) }
      }
    }
    return results
  }

  /// One primitive on both backends from the same inputs.
  func compare(_ check: PrimitiveCheck, dtype: DType) -> CheckResult {
    let expected = check.body(reference, dtype)
    let actual = check.body(candidate, dtype)
    let bitExact = deterministic && check.bitExactWhenDeterministic
    return CheckResult(
      name: "\(check.name) [\(dtype)]", maxError: Self.maxError(actual, expected),
      tolerance: bitExact ? 0 : check.tolerance ?? Self.tolerance(dtype))
  }

  /// A program's value and gradients on both backends.
  func compareGradients(_ program: OpProgram, dtype: DType) -> CheckResult {
    func evaluate(on backend: Backend) -> [Double] {
      let inputs = program.inputs(backend, dtype)
      let (value, gradients) = valueAndGradient(at: inputs, of: program.body)
      return value.scalars + gradients.flatMap(\.scalars)
    }
    let tolerance = dtype == .float64 ? 1e-10 : 1e-4
    return CheckResult(
      name: "∇ \(program.name) [\(dtype)]",
      maxError: Self.maxError(evaluate(on: candidate), evaluate(on: reference)), tolerance: tolerance)
  }

  /// Same inputs, same numbers: a program's value and gradients twice on the candidate.
  func repeatability(_ program: OpProgram, dtype: DType) -> CheckResult {
    func evaluate() -> [Double] {
      let (value, gradients) = valueAndGradient(at: program.inputs(candidate, dtype), of: program.body)
      return value.scalars + gradients.flatMap(\.scalars)
    }
    return CheckResult(
      name: "∇ \(program.name) [\(dtype)], repeated", maxError: Self.maxError(evaluate(), evaluate()),
      tolerance: 0)
  }

  /// A program's reverse-mode gradient on the candidate against central differences (Float64).
  func finiteDifferences(_ program: OpProgram) -> CheckResult {
    let inputs = program.inputs(candidate, .float64)
    let analytic = valueAndGradient(at: inputs, of: program.body).gradients.map(\.scalars)
    var worst = 0.0
    for (k, input) in inputs.enumerated() {
      let values = input.scalars
      for i in values.indices {
        let h = 6.055e-6 * Swift.max(1, Swift.abs(values[i]))  // ∛ε·max(1, |x|)
        func shifted(_ delta: Double) -> Double {
          var moved = inputs
          var v = values
          v[i] += delta
          moved[k] = Tensor(shape: input.shape, scalars: v, on: candidate)
          return program.body(moved).scalar
        }
        let numeric = (shifted(h) - shifted(-h)) / (2 * h)
        let g = analytic[k][i]
        worst = Swift.max(worst, Swift.abs(g - numeric) / Swift.max(1, Swift.abs(g), Swift.abs(numeric)))
      }
    }
    return CheckResult(name: "∇ \(program.name) vs finite differences [float64]", maxError: worst, tolerance: 1e-6)
  }

  /// max |a − e| / max(1, |e|), with NaN equal to NaN and infinities equal to themselves.
  static func maxError(_ actual: [Double], _ expected: [Double]) -> Double {
    guard actual.count == expected.count else { return .infinity }
    var worst = 0.0
    for (a, e) in zip(actual, expected) {
      if a.isNaN && e.isNaN || a == e { continue }
      let error = Swift.abs(a - e) / Swift.max(1, Swift.abs(e))
      worst = Swift.max(worst, error.isNaN ? .infinity : error)
    }
    return worst
  }
}

extension Double {
  var formatted3: String { String(format: "%.2e", self) }
}
