import Foundation
import Orbits

/// An SPK kernel read and sampled as `orbits sample` does.
struct SPKTarget: FuzzTarget {
  let name = "spk"
  let slots: [(seeds: [[UInt8]], format: Mutator.Format)]

  /// Seeds: excerpts of the shipped DE421 kernel, a few records of the Sun, the Earth–Moon
  /// barycentre, the Moon and the Earth (type 2 Chebyshev), 5–11 KB each.
  init(corpus: FuzzCorpus) throws {
    let kernel = try SPKKernel(contentsOf: corpus.kernel)
    slots = [
      (
        [
          try kernel.excerpt(targets: [10, 3, 301, 399], records: 2),
          try kernel.excerpt(targets: [301, 3], records: 4),
          try kernel.excerpt(targets: [1, 199], records: 3),
        ].map { [UInt8]($0) }, .binary
      )
    ]
  }

  func run(_ input: FuzzInput, in scratch: URL) throws -> Verdict {
    let kernel: SPKKernel
    do { kernel = try SPKKernel(data: Data(input.bytes), name: "excerpt.bsp") } catch { return .rejected }
    var sampled = false
    for body in kernel.bodies where body != 0 {  // the barycentre is the origin: no chain, zero state
      guard let coverage = try? kernel.coverage(of: body) else { continue }
      try require(coverage.lowerBound.isFinite && coverage.upperBound.isFinite, "body \(body): coverage \(coverage)")
      let epochs = (0...6).map { coverage.lowerBound + (coverage.upperBound - coverage.lowerBound) * Double($0) / 6 }
      guard let states = try? kernel.states(of: body, at: epochs) else { continue }
      try requireFinite(states.positions + states.velocities + states.accelerations, "body \(body) state")
      sampled = true
    }
    for segment in kernel.segments {
      guard
        let state = try? kernel.segmentState(
          target: segment.target, center: segment.center, at: 2_451_545 + (segment.start + segment.end) / 2 / 86_400)
      else { continue }
      try requireFinite(state.position + state.velocity, "segment \(segment.center)→\(segment.target) state")
    }
    return sampled ? .accepted : .rejected
  }
}
