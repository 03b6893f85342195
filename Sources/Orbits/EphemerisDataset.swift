import Foundation

/// A body in a dataset: its NAIF ID, its name and its GM (km³ s⁻²) when known.
public struct EphemerisBody: Equatable, Sendable {
  public var id: Int
  public var name: String
  public var gm: Double?

  public init(id: Int, name: String, gm: Double? = nil) {
    self.id = id
    self.name = name
    self.gm = gm
  }
}

/// N bodies × T epochs of barycentric states on one time grid: what training code reads,
/// whether the states came from a kernel (`orbits sample`) or from Horizons (`orbits fetch`).
///
/// Layout of `positions`, `velocities`, `accelerations`: [epoch][body][3]; km, km/s, km/s².
public struct EphemerisDataset: Equatable, Sendable {
  public var bodies: [EphemerisBody]
  /// TDB Julian dates, ascending.
  public var epochs: [Double]
  public var positions: [Double]
  public var velocities: [Double]
  /// nil when unknown (tabulated states before `withCentralDifferenceAccelerations()`).
  public var accelerations: [Double]?
  public var frame: String
  public var center: String
  public var timeScale: String
  /// Where the states came from, in the order written (`source`, `request`, `fetched` …).
  public var provenance: [(key: String, value: String)]

  public init(
    bodies: [EphemerisBody], epochs: [Double], positions: [Double], velocities: [Double],
    accelerations: [Double]?, frame: String = "ICRF", center: String = "0 Solar System Barycenter",
    timeScale: String = "TDB", provenance: [(key: String, value: String)] = []
  ) {
    let count = 3 * bodies.count * epochs.count
    precondition(
      positions.count == count && velocities.count == count && (accelerations?.count ?? count) == count,
      "EphemerisDataset: arrays must hold 3 × \(bodies.count) bodies × \(epochs.count) epochs = \(count) values")
    self.bodies = bodies
    self.epochs = epochs
    self.positions = positions
    self.velocities = velocities
    self.accelerations = accelerations
    self.frame = frame
    self.center = center
    self.timeScale = timeScale
    self.provenance = provenance
  }

  public static func == (a: EphemerisDataset, b: EphemerisDataset) -> Bool {
    a.bodies == b.bodies && a.epochs == b.epochs && a.positions == b.positions && a.velocities == b.velocities
      && a.accelerations == b.accelerations && a.frame == b.frame && a.center == b.center && a.timeScale == b.timeScale
      && a.provenance.map(\.key) == b.provenance.map(\.key) && a.provenance.map(\.value) == b.provenance.map(\.value)
  }

  /// Index of (epoch e, body b, axis k) in the state arrays.
  @inline(__always) public func index(_ e: Int, _ b: Int, _ k: Int = 0) -> Int { (e * bodies.count + b) * 3 + k }

  /// Accelerations from the velocities by three-point finite differences, keeping every epoch:
  /// at each epoch the derivative of the parabola through v at that epoch and its two nearest
  /// neighbours (times in seconds). Inside the grid that is the central difference — on an even
  /// grid a(tₖ) = (v(tₖ₊₁) − v(tₖ₋₁))/(tₖ₊₁ − tₖ₋₁) — and at the first and last epochs the
  /// one-sided second-order formula, −3v₀ + 4v₁ − v₂ over 2h on an even grid, whose error is
  /// twice the central one's (h²/3·v‴ against h²/6·v‴). Both are second order; never two-point
  /// forward differences, which are first order (4e-3 relative for the Moon on a 2-hour grid).
  /// The provenance says which epochs are one-sided. Epochs must strictly increase.
  public func withCentralDifferenceAccelerations() throws -> EphemerisDataset {
    guard epochs.count >= 3 else {
      throw OrbitsError.invalidArgument(
        "finite-difference accelerations need at least 3 epochs, the dataset has \(epochs.count)")
    }
    for e in 1..<epochs.count where !(epochs[e] > epochs[e - 1]) {
      throw OrbitsError.invalidArgument(
        "epochs must increase: epoch \(e) (JD \(epochs[e])) follows JD \(epochs[e - 1])")
    }
    let width = 3 * bodies.count
    var a = [Double](repeating: 0, count: epochs.count * width)
    for e in epochs.indices {
      // The three nodes: the epoch and its neighbours, shifted inward at either end.
      let m = min(max(e, 1), epochs.count - 2)
      let t = [epochs[m - 1], epochs[m], epochs[m + 1]].map { ($0 - epochs[e]) * Units.secondsPerDay }
      // Derivatives at 0 of the Lagrange basis polynomials through t[0], t[1], t[2].
      let w = (0..<3).map { i -> Double in
        let (j, k) = ((i + 1) % 3, (i + 2) % 3)
        return -(t[j] + t[k]) / ((t[i] - t[j]) * (t[i] - t[k]))
      }
      for i in 0..<width {
        a[e * width + i] =
          w[0] * velocities[(m - 1) * width + i] + w[1] * velocities[m * width + i]
          + w[2] * velocities[(m + 1) * width + i]
      }
      // Epochs an hour apart at JD 1e19 are equal in double precision: no derivative there.
      guard (a[(e * width)..<((e + 1) * width)]).allSatisfy(\.isFinite) else {
        throw OrbitsError.invalidArgument(
          "no finite-difference acceleration at epoch \(e) (JD \(epochs[e])): its neighbours' times or velocities are out of range"
        )
      }
    }
    return EphemerisDataset(
      bodies: bodies, epochs: epochs, positions: positions, velocities: velocities, accelerations: a,
      frame: frame, center: center, timeScale: timeScale,
      provenance: provenance + [
        (
          "accelerations",
          "three-point differences of velocities: central inside, one-sided (second order) at the first and last epochs"
        )
      ])
  }

  /// The epochs in `range` (TDB Julian dates, lower bound included, upper excluded).
  public func epochs(in range: Range<Double>) -> EphemerisDataset {
    let kept = epochs.indices.filter { range.contains(epochs[$0]) }
    return selecting(epochs: kept, bodies: Array(bodies.indices))
  }

  /// Splits by time: epochs before `julianDate` and from it on (train on earlier years, validate later).
  public func split(at julianDate: Double) -> (before: EphemerisDataset, after: EphemerisDataset) {
    (epochs(in: -Double.infinity..<julianDate), epochs(in: julianDate..<Double.infinity))
  }

  /// The same epochs for the bodies with these IDs, in the order given.
  public func subset(bodies ids: [Int]) throws -> EphemerisDataset {
    let indices = try ids.map { id in
      guard let i = bodies.firstIndex(where: { $0.id == id }) else {
        throw OrbitsError.invalidArgument(
          "body \(id) is not in the dataset; it has \(bodies.map { String($0.id) }.joined(separator: ", "))")
      }
      return i
    }
    return selecting(epochs: Array(epochs.indices), bodies: indices)
  }

  private func selecting(epochs kept: [Int], bodies chosen: [Int]) -> EphemerisDataset {
    func pick(_ values: [Double]) -> [Double] {
      kept.flatMap { e in chosen.flatMap { b in (0..<3).map { values[index(e, b, $0)] } } }
    }
    return EphemerisDataset(
      bodies: chosen.map { bodies[$0] }, epochs: kept.map { epochs[$0] },
      positions: pick(positions), velocities: pick(velocities), accelerations: accelerations.map(pick),
      frame: frame, center: center, timeScale: timeScale, provenance: provenance)
  }
}

extension SPKKernel {
  /// Samples `bodies` (NAIF IDs) on `epochs` with exact accelerations.
  public func dataset(bodies: [EphemerisBody], epochs: [Double]) throws -> EphemerisDataset {
    let width = 3 * bodies.count
    var p = [Double](repeating: 0, count: width * epochs.count)
    var v = p
    var a = p
    for (b, body) in bodies.enumerated() {
      let s = try states(of: body.id, at: epochs)
      for e in epochs.indices {
        for k in 0..<3 {
          p[e * width + 3 * b + k] = s.positions[3 * e + k]
          v[e * width + 3 * b + k] = s.velocities[3 * e + k]
          a[e * width + 3 * b + k] = s.accelerations[3 * e + k]
        }
      }
    }
    return EphemerisDataset(
      bodies: bodies, epochs: epochs, positions: p, velocities: v, accelerations: a,
      provenance: [
        ("source", "SPK kernel \(file.lastPathComponent)"),
        ("accelerations", "second derivative of the kernel's Chebyshev series"),
      ])
  }
}
