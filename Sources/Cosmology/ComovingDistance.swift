import Foundation

/// ΛCDM background with matter, curvature and a cosmological constant (radiation neglected).
public struct LambdaCDM: Sendable, Equatable {
  /// Ωm and ΩΛ today; curvature Ωk = 1 − Ωm − ΩΛ.
  public var matterDensity: Double
  public var darkEnergyDensity: Double

  public init(matterDensity: Double, darkEnergyDensity: Double) {
    self.matterDensity = matterDensity
    self.darkEnergyDensity = darkEnergyDensity
  }

  public static func flat(matterDensity: Double) -> LambdaCDM {
    LambdaCDM(matterDensity: matterDensity, darkEnergyDensity: 1 - matterDensity)
  }

  public var curvatureDensity: Double { 1 - matterDensity - darkEnergyDensity }

  /// E(z)² = Ωm(1+z)³ + Ωk(1+z)² + ΩΛ.
  public func hubbleRateSquared(_ z: Double) -> Double {
    let a = 1 + z
    return matterDensity * a * a * a + curvatureDensity * a * a + darkEnergyDensity
  }

  /// Dimensionless transverse comoving distances H0·D_M/c at each redshift (any order), or nil
  /// when E(z)² ≤ 0 somewhere below the largest redshift (no such expanding universe).
  ///
  /// D_C = ∫₀^z dz'/E(z') by adaptive Gauss–Kronrod (7/15) between consecutive sorted redshifts
  /// to a relative tolerance of 1e-10; D_M = sinn(√|Ωk| D_C)/√|Ωk| (sinh for Ωk > 0, sin for Ωk < 0).
  public func transverseComovingDistances(_ redshifts: [Double]) -> [Double]? {
    let order = redshifts.indices.sorted { redshifts[$0] < redshifts[$1] }
    guard let zMax = order.last.map({ redshifts[$0] }) else { return [] }
    // E² is a cubic in (1+z); checking a fine grid and both ends catches a turnaround.
    for k in 0...400 where hubbleRateSquared(zMax * Double(k) / 400) <= 0 { return nil }
    var result = [Double](repeating: 0, count: redshifts.count)
    var zPrevious = 0.0
    var distance = 0.0
    let integrand: (Double) -> Double = { 1 / hubbleRateSquared($0).squareRoot() }
    for i in order {
      let z = redshifts[i]
      precondition(z >= 0, "transverseComovingDistances: negative redshift \(z)")
      if z > zPrevious {
        distance += GaussKronrod.integrate(integrand, from: zPrevious, to: z, relativeTolerance: 1e-10)
        zPrevious = z
      }
      result[i] = transverse(distance)
    }
    return result
  }

  private func transverse(_ comoving: Double) -> Double {
    let k = curvatureDensity
    if abs(k) < 1e-12 { return comoving }
    let s = abs(k).squareRoot()
    return k > 0 ? sinh(s * comoving) / s : sin(s * comoving) / s
  }
}

/// Adaptive Gauss–Kronrod 7/15 quadrature.
enum GaussKronrod {
  private static let nodes: [Double] = [
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0.0,
  ]
  private static let kronrodWeights: [Double] = [
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
    0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
    0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
  ]
  private static let gaussWeights: [Double] = [  // at nodes 1, 3, 5, 7 (odd indices)
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
    0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
  ]

  static func integrate(
    _ f: (Double) -> Double, from a: Double, to b: Double,
    relativeTolerance: Double, depth: Int = 0
  ) -> Double {
    let (kronrod, gauss) = rule(f, a, b)
    let error = abs(kronrod - gauss)
    if error <= relativeTolerance * abs(kronrod) || depth >= 30 { return kronrod }
    let mid = 0.5 * (a + b)
    return integrate(f, from: a, to: mid, relativeTolerance: relativeTolerance, depth: depth + 1)
      + integrate(f, from: mid, to: b, relativeTolerance: relativeTolerance, depth: depth + 1)
  }

  private static func rule(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> (Double, Double) {
    let center = 0.5 * (a + b)
    let half = 0.5 * (b - a)
    let fc = f(center)
    var kronrod = kronrodWeights[7] * fc
    var gauss = gaussWeights[3] * fc
    for j in 0..<7 {
      let dx = half * nodes[j]
      let sum = f(center - dx) + f(center + dx)
      kronrod += kronrodWeights[j] * sum
      if j % 2 == 1 { gauss += gaussWeights[j / 2] * sum }
    }
    return (kronrod * half, gauss * half)
  }
}
