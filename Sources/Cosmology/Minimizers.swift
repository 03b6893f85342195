import Foundation

/// Derivative-free 1-D and 2-D minimisation and root finding for the small fits here.
enum Minimizers {
  /// Brent's method on [a, b] for a unimodal f near the minimum; returns (x, f(x)).
  static func brent(
    _ f: (Double) -> Double, _ a0: Double, _ b0: Double,
    tolerance: Double = 1e-9
  ) -> (x: Double, value: Double) {
    let golden = 0.3819660112501051
    var a = a0
    var b = b0
    var x = a + golden * (b - a)
    var w = x
    var v = x
    var fx = f(x)
    var fw = fx
    var fv = fx
    var d = 0.0
    var e = 0.0
    for _ in 0..<200 {
      let m = 0.5 * (a + b)
      let tol1 = tolerance * abs(x) + 1e-12
      let tol2 = 2 * tol1
      if abs(x - m) <= tol2 - 0.5 * (b - a) { break }
      var useGolden = true
      if abs(e) > tol1 {
        let r = (x - w) * (fx - fv)
        var q = (x - v) * (fx - fw)
        var p = (x - v) * q - (x - w) * r
        q = 2 * (q - r)
        if q > 0 { p = -p } else { q = -q }
        if abs(p) < abs(0.5 * q * e), p > q * (a - x), p < q * (b - x) {
          e = d
          d = p / q
          useGolden = false
          let u = x + d
          if u - a < tol2 || b - u < tol2 { d = x < m ? tol1 : -tol1 }
        }
      }
      if useGolden {
        e = (x < m ? b : a) - x
        d = golden * e
      }
      let u = abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
      let fu = f(u)
      if fu <= fx {
        if u < x { b = x } else { a = x }
        v = w
        fv = fw
        w = x
        fw = fx
        x = u
        fx = fu
      } else {
        if u < x { a = u } else { b = u }
        if fu <= fw || w == x {
          v = w
          fv = fw
          w = u
          fw = fu
        } else if fu <= fv || v == x || v == w {
          v = u
          fv = fu
        }
      }
    }
    return (x, fx)
  }

  /// Minimum of f over [lo, hi]: a grid scan of `steps` intervals, then Brent around the best node.
  static func scanThenBrent(_ f: (Double) -> Double, _ lo: Double, _ hi: Double, steps: Int = 60) -> (
    x: Double, value: Double
  ) {
    let h = (hi - lo) / Double(steps)
    let values = (0...steps).map { f(lo + Double($0) * h) }
    let k = values.indices.min { values[$0] < values[$1] }!
    let a = lo + Double(max(k - 1, 0)) * h
    let b = lo + Double(min(k + 1, steps)) * h
    let refined = brent(f, a, b)
    return refined.value <= values[k] ? refined : (lo + Double(k) * h, values[k])
  }

  /// Root of f on [a, b] by bisection (f(a), f(b) of opposite sign), to `tolerance` in x.
  static func bisect(_ f: (Double) -> Double, _ a0: Double, _ b0: Double, tolerance: Double = 1e-9) -> Double {
    var a = a0
    var b = b0
    var fa = f(a)
    while abs(b - a) > tolerance {
      let m = 0.5 * (a + b)
      let fm = f(m)
      if (fm < 0) == (fa < 0) {
        a = m
        fa = fm
      } else {
        b = m
      }
    }
    return 0.5 * (a + b)
  }

  /// Nelder–Mead simplex in 2-D from `start` with initial step `step`; returns (point, value).
  static func nelderMead(
    _ f: ([Double]) -> Double, start: [Double], step: Double,
    tolerance: Double = 1e-10, maxEvaluations: Int = 2000
  ) -> (point: [Double], value: Double) {
    var simplex = [start, [start[0] + step, start[1]], [start[0], start[1] + step]]
    var values = simplex.map(f)
    var evaluations = 3
    while evaluations < maxEvaluations {
      let order = values.indices.sorted { values[$0] < values[$1] }
      simplex = order.map { simplex[$0] }
      values = order.map { values[$0] }
      if abs(values[2] - values[0]) <= tolerance * (abs(values[0]) + 1e-12) { break }
      let centroid = [(simplex[0][0] + simplex[1][0]) / 2, (simplex[0][1] + simplex[1][1]) / 2]
      func along(_ t: Double) -> [Double] {
        [centroid[0] + t * (simplex[2][0] - centroid[0]), centroid[1] + t * (simplex[2][1] - centroid[1])]
      }
      let reflected = along(-1)
      let fr = f(reflected)
      evaluations += 1
      if fr < values[0] {
        let expanded = along(-2)
        let fe = f(expanded)
        evaluations += 1
        (simplex[2], values[2]) = fe < fr ? (expanded, fe) : (reflected, fr)
      } else if fr < values[1] {
        (simplex[2], values[2]) = (reflected, fr)
      } else {
        let contracted = fr < values[2] ? along(-0.5) : along(0.5)
        let fc = f(contracted)
        evaluations += 1
        if fc < min(fr, values[2]) {
          (simplex[2], values[2]) = (contracted, fc)
        } else {
          for k in 1...2 {
            simplex[k] = [(simplex[0][0] + simplex[k][0]) / 2, (simplex[0][1] + simplex[k][1]) / 2]
            values[k] = f(simplex[k])
            evaluations += 1
          }
        }
      }
    }
    let best = values.indices.min { values[$0] < values[$1] }!
    return (simplex[best], values[best])
  }
}
