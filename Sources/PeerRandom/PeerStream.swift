import Foundation
import TensorCore

/// The peers' portable random stream (`shared/bench/peers/peer_common.py`): output i (1-based)
/// is splitmix64's mix(seed + i·0x9E3779B97F4A7C15). The peer benchmarks use it to start from
/// the peers' exact weights and data; production code draws from `RandomGenerator`.
public struct PeerStream: RandomNumberGenerator, Sendable {
  private var mixer: SplitMix64

  public init(seed: UInt64) { mixer = SplitMix64(seed: seed) }

  public mutating func next() -> UInt64 { mixer.next() }

  /// (u64 >> 11)·2⁻⁵³, as `peer_common.uniform`.
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// `n` uniforms, as `peer_common.uniform(seed, n)`.
  public static func uniforms(seed: UInt64, count n: Int) -> [Double] {
    var g = PeerStream(seed: seed)
    return (0..<n).map { _ in g.uniform() }
  }

  /// `n` normals, as `peer_common.normal(seed, n)`: Box–Muller on consecutive pairs.
  public static func normals(seed: UInt64, count n: Int) -> [Double] {
    var g = PeerStream(seed: seed)
    return (0..<n).map { _ in
      let (u1, u2) = (g.uniform(), g.uniform())
      return (-2 * Foundation.log1p(-u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
  }

  /// As `peer_common.permutation`: the stable argsort of n uniforms.
  public static func permutation(seed: UInt64, count n: Int) -> [Int] {
    let u = uniforms(seed: seed, count: n)
    return (0..<n).sorted { u[$0] < u[$1] || (u[$0] == u[$1] && $0 < $1) }
  }
}
