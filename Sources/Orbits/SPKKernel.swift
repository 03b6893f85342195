import Foundation

/// A JPL SPK kernel (NAIF's DAF container holding Chebyshev segments, types 2 and 3), read once
/// into memory. States come from the series and its derivatives — exact with respect to the
/// ephemeris, no finite differences — and a body's barycentric state is the sum of the segments
/// chaining it to the Solar System barycentre (Moon = SSB→EMB + EMB→Moon).
///
/// Times are TDB Julian dates; positions km, velocities km/s, accelerations km/s².
public struct SPKKernel: Sendable {
  public struct Segment: Sendable {
    public let target: Int, center: Int, frame: Int, type: Int
    /// Coverage in seconds past J2000 TDB.
    public let start: Double, end: Double
    /// Record layout: `init` (s past J2000), `intervalLength` (s), `recordSize` doubles, `count` records.
    let initialEpoch: Double, intervalLength: Double, recordSize: Int, count: Int
    /// The records, each [MID, RADIUS, X coefficients, Y coefficients, Z coefficients (, velocity ones for type 3)].
    let records: [Double]

    var coefficientCount: Int { (recordSize - 2) / (type == 3 ? 6 : 3) }
  }

  public let file: URL
  public let segments: [Segment]

  public init(contentsOf url: URL) throws {
    file = url
    let data: Data
    do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
      throw OrbitsError.unreadable(file: url.path, reason: error.localizedDescription)
    }
    segments = try DAFReader(data: data, file: url.path).spkSegments()
  }

  /// A kernel from bytes already in memory; `name` stands for the file in errors.
  public init(data: Data, name: String) throws {
    file = URL(fileURLWithPath: name)
    segments = try DAFReader(data: data, file: name).spkSegments()
  }

  /// The bodies with a segment, sorted.
  public var bodies: [Int] { Array(Set(segments.map(\.target))).sorted() }

  /// The chain of segments from `body` down to the barycentre (0).
  func chain(_ body: Int) throws -> [Segment] {
    var chain: [Segment] = []
    var seen: Set<Int> = [body]
    var current = body
    while current != 0 {
      guard let segment = segments.first(where: { $0.target == current }) else {
        throw OrbitsError.bodyNotInKernel(body: body, available: bodies)
      }
      chain.append(segment)
      current = segment.center
      // A centre met before (A → B → A) would chain forever.
      guard seen.insert(current).inserted else {
        throw OrbitsError.malformedKernel(
          file: file.path, reason: "the segments from body \(body) towards the barycentre loop back to body \(current)")
      }
    }
    return chain
  }

  /// Coverage (TDB Julian dates) of `body`'s barycentric state: the overlap of its chain.
  public func coverage(of body: Int) throws -> ClosedRange<Double> {
    let chain = try self.chain(body)
    let start = chain.map(\.start).max() ?? -Double.infinity
    let end = chain.map(\.end).min() ?? Double.infinity
    guard start <= end else {
      throw OrbitsError.malformedKernel(
        file: file.path, reason: "the segments chaining body \(body) to the barycentre cover no common time")
    }
    return julianDate(seconds: start)...julianDate(seconds: end)
  }

  /// Barycentric states of `body` at each epoch: positions, velocities and accelerations, each
  /// laid out [epoch][3].
  public func states(of body: Int, at julianDates: [Double]) throws -> (
    positions: [Double], velocities: [Double], accelerations: [Double]
  ) {
    var p = [Double](repeating: 0, count: 3 * julianDates.count)
    var v = p
    var a = p
    if body == 0 { return (p, v, a) }
    let range = try coverage(of: body)
    if let outside = julianDates.first(where: { !range.contains($0) }) {
      throw OrbitsError.outOfCoverage(body: body, julianDate: outside, coverage: range)
    }
    for segment in try chain(body) { segment.accumulate(julianDates, &p, &v, &a) }
    try requireFinite(p, v, a, body: body, at: julianDates)
    return (p, v, a)
  }

  /// The state of segment `target` relative to its own centre (what jplephem's
  /// `compute_and_differentiate` gives), position km and velocity km/s.
  public func segmentState(target: Int, center: Int, at julianDate: Double) throws -> (
    position: [Double], velocity: [Double]
  ) {
    guard let segment = segments.first(where: { $0.target == target && $0.center == center }) else {
      throw OrbitsError.bodyNotInKernel(body: target, available: bodies)
    }
    let range = segment.julianCoverage
    guard range.contains(julianDate) else {
      throw OrbitsError.outOfCoverage(body: target, julianDate: julianDate, coverage: range)
    }
    var p = [0.0, 0, 0]
    var v = p
    var a = p
    segment.accumulate([julianDate], &p, &v, &a)
    try requireFinite(p, v, a, body: target, at: [julianDate])
    return (p, v)
  }
}

extension SPKKernel {
  /// Finite coefficients can still sum or scale past Double's range (a coefficient of 1e308, an
  /// interval of 1e-300 s): such a state is the kernel's fault, and is refused, not returned.
  func requireFinite(_ p: [Double], _ v: [Double], _ a: [Double], body: Int, at julianDates: [Double]) throws {
    for values in [p, v, a] {
      if let bad = values.firstIndex(where: { !$0.isFinite }) {
        throw OrbitsError.malformedKernel(
          file: file.path,
          reason:
            "body \(body)'s state at JD \(julianDates[bad / 3]) is not finite: its coefficients or interval are out of range"
        )
      }
    }
  }
}

/// J2000 is JD 2451545.0 TDB; kernels count seconds from it.
let j2000 = 2_451_545.0
func julianDate(seconds: Double) -> Double { j2000 + seconds / Units.secondsPerDay }

extension SPKKernel.Segment {
  /// The coverage in TDB Julian dates (the reader has checked start ≤ end).
  var julianCoverage: ClosedRange<Double> { julianDate(seconds: start)...julianDate(seconds: end) }

  /// Adds this segment's position, velocity and acceleration at each epoch into the outputs.
  ///
  /// The time arithmetic follows jplephem's (offset into the record by divmod of seconds since
  /// the segment's start; s = 2·offset/length − 1), so the two agree to rounding.
  func accumulate(_ julianDates: [Double], _ p: inout [Double], _ v: inout [Double], _ a: inout [Double]) {
    let n = coefficientCount
    var t = [Double](repeating: 0, count: n)
    var dt = t
    var ddt = t
    let scale = 2 / intervalLength
    for (e, jd) in julianDates.enumerated() {
      let seconds = (jd - j2000) * Units.secondsPerDay - initialEpoch
      var index = (seconds / intervalLength).rounded(.down)
      var offset = seconds - index * intervalLength
      // Callers keep epochs within the coverage, which the reader keeps within the records;
      // the clamps make the record index safe whatever the arithmetic gives at the edges.
      if index >= Double(count) {
        offset += (index - Double(count - 1)) * intervalLength
        index = Double(count - 1)
      }  // the last instant
      if !(index >= 0) {
        index = 0
        offset = seconds
      }
      let s = 2 * offset / intervalLength - 1
      chebyshev(s, &t, &dt, &ddt)
      let base = Int(index) * recordSize + 2
      for axis in 0..<3 {
        let c = base + axis * n
        var x = 0.0
        var dx = 0.0
        var ddx = 0.0
        for k in 0..<n {
          x += records[c + k] * t[k]
          dx += records[c + k] * dt[k]
          ddx += records[c + k] * ddt[k]
        }
        p[3 * e + axis] += x
        if type == 2 {
          v[3 * e + axis] += dx * scale
          a[3 * e + axis] += ddx * scale * scale
        } else {
          // Type 3 carries velocity as its own series; its derivative is the acceleration.
          let cv = base + (3 + axis) * n
          var vx = 0.0
          var dvx = 0.0
          for k in 0..<n {
            vx += records[cv + k] * t[k]
            dvx += records[cv + k] * dt[k]
          }
          v[3 * e + axis] += vx
          a[3 * e + axis] += dvx * scale
        }
      }
    }
  }
}

/// Chebyshev polynomials Tₖ(s) and their first and second derivatives by the three-term
/// recurrences: T' = 2Tₖ + 2sT'ₖ − T'ₖ₋₁ and T'' = 4T'ₖ + 2sT''ₖ − T''ₖ₋₁.
@inline(__always)
func chebyshev(_ s: Double, _ t: inout [Double], _ dt: inout [Double], _ ddt: inout [Double]) {
  let n = t.count
  t[0] = 1
  dt[0] = 0
  ddt[0] = 0
  guard n > 1 else { return }
  t[1] = s
  dt[1] = 1
  ddt[1] = 0
  for k in 1..<(n - 1) {
    t[k + 1] = 2 * s * t[k] - t[k - 1]
    dt[k + 1] = 2 * t[k] + 2 * s * dt[k] - dt[k - 1]
    ddt[k + 1] = 4 * dt[k] + 2 * s * ddt[k] - ddt[k - 1]
  }
}
