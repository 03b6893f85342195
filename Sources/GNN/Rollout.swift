import Foundation
import Orbits

/// Integrating the system forward under a force law, to compare against the ephemeris.
///
/// Classical fourth-order Runge–Kutta on positions and velocities (km, km/s) with a fixed step:
/// its error falls as h⁴, so halving the step measures it (the rollout checks that the
/// integrator's own error is a small fraction of the model's). Velocity Verlet at 2 h, second
/// order, drifts ~20,000 km on Mercury in a year; RK4 at 30 min stays below a metre here.
public struct Rollout {
  /// Accelerations [3N] (km s⁻²) of positions [3N] (km).
  public let accelerations: ([Double]) -> [Double]

  /// A rollout under any force model: a power law, or a trained network.
  public init(accelerations: @escaping ([Double]) -> [Double]) {
    self.accelerations = accelerations
  }

  /// A rollout under aᵢ = Σ GMⱼ (xⱼ − xᵢ)|xⱼ − xᵢ|^(p−1) (p = −2: Newton).
  public init(gm: [Double], exponent: Double = -2) {
    self.init(accelerations: { Self.powerLaw($0, gm: gm, exponent: exponent) })
  }

  static func powerLaw(_ x: [Double], gm: [Double], exponent: Double) -> [Double] {
    let n = gm.count
    var a = [Double](repeating: 0, count: 3 * n)
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) {
        let (dx, dy, dz) = (x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2])
        let r2 = dx * dx + dy * dy + dz * dz
        let f = exponent == -2 ? 1 / (r2 * r2.squareRoot()) : Foundation.pow(r2, (exponent - 1) / 2)
        a[3 * i] += gm[j] * dx * f
        a[3 * i + 1] += gm[j] * dy * f
        a[3 * i + 2] += gm[j] * dz * f
        a[3 * j] -= gm[i] * dx * f
        a[3 * j + 1] -= gm[i] * dy * f
        a[3 * j + 2] -= gm[i] * dz * f
      }
    }
    return a
  }

  /// Positions [sample][body][3] every `sampleEvery` steps (the first is the initial state),
  /// integrating `steps` steps of `step` seconds.
  public func run(positions x0: [Double], velocities v0: [Double], step h: Double, steps: Int, sampleEvery: Int)
    -> [[Double]]
  {
    var (x, v) = (x0, v0)
    var samples = [x]
    func add(_ a: [Double], _ b: [Double], _ s: Double) -> [Double] { zip(a, b).map { $0 + s * $1 } }
    for k in 1...steps {
      let a1 = accelerations(x)
      let (x2, v2) = (add(x, v, h / 2), add(v, a1, h / 2))
      let a2 = accelerations(x2)
      let (x3, v3) = (add(x, v2, h / 2), add(v, a2, h / 2))
      let a3 = accelerations(x3)
      let (x4, v4) = (add(x, v3, h), add(v, a3, h))
      let a4 = accelerations(x4)
      for i in x.indices {
        x[i] += h / 6 * (v[i] + 2 * v2[i] + 2 * v3[i] + v4[i])
        v[i] += h / 6 * (a1[i] + 2 * a2[i] + 2 * a3[i] + a4[i])
      }
      if k % sampleEvery == 0 { samples.append(x) }
    }
    return samples
  }

  /// Body b's distance from the reference at each sample of the run, km.
  public static func errors(_ run: [[Double]], reference: [[Double]], body b: Int) -> [Double] {
    zip(run, reference).map { x, y in
      var squared = 0.0
      for k in 0..<3 { squared += (x[3 * b + k] - y[3 * b + k]) * (x[3 * b + k] - y[3 * b + k]) }
      return squared.squareRoot()
    }
  }

  /// Each body's largest distance from the reference over the run, km.
  public static func largestErrors(_ run: [[Double]], reference: [[Double]], bodies: Int) -> [Double] {
    (0..<bodies).map { b in errors(run, reference: reference, body: b).reduce(0, max) }
  }
}
