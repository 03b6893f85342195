import Foundation

/// A seeded random stream that gives the same numbers for the same seed on every machine
/// (xoshiro256**, seeded through splitmix64). Its state can be saved and restored, so a resumed
/// run draws exactly what an uninterrupted one would.
public struct RandomGenerator: RandomNumberGenerator, IndexDrawing, Codable, Equatable, Sendable {
  public private(set) var state: [UInt64]

  public init(seed: UInt64) {
    var mixer = SplitMix64(seed: seed)
    state = (0..<4).map { _ in mixer.next() }
  }

  /// Restores a generator from a saved `state`.
  public init(state: [UInt64]) {
    precondition(state.count == 4 && state.contains { $0 != 0 }, "RandomGenerator: state must be 4 words, not all zero")
    self.state = state
  }

  public mutating func next() -> UInt64 {
    let result = rotl(state[1] &* 5, 7) &* 9
    let t = state[1] << 17
    state[2] ^= state[0]
    state[3] ^= state[1]
    state[1] ^= state[2]
    state[0] ^= state[3]
    state[2] ^= t
    state[3] = rotl(state[3], 45)
    return result
  }

  /// Uniform in [0, 1) with 53 random bits.
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// Standard normal by Box–Muller (one value per call; the pair's second half is not cached,
  /// so the state is all there is to save).
  public mutating func normal() -> Double {
    let (u1, u2) = (uniform(), uniform())
    return (-2 * log1pNegative(u1)).squareRoot() * cosTwoPi(u2)
  }

  /// An integer in 0..<bound without modulo bias (Lemire's method).
  public mutating func integer(below bound: Int) -> Int {
    precondition(bound > 0, "RandomGenerator.integer(below:): bound \(bound) must be positive")
    let b = UInt64(bound)
    var product = next().multipliedFullWidth(by: b)
    if product.low < b {
      let threshold = (0 &- b) % b
      while product.low < threshold { product = next().multipliedFullWidth(by: b) }
    }
    return Int(product.high)
  }

  /// True with probability p.
  public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }
}

@inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

/// splitmix64 (Steele, Lea & Flood 2014): output i (1-based) is mix(seed + i·0x9E3779B97F4A7C15).
/// It seeds `RandomGenerator` (as xoshiro's authors advise), derives independent seeds from one,
/// and is the stream `KFold` deals folds from.
public struct SplitMix64: RandomNumberGenerator, IndexDrawing, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// An integer in 0..<bound by `remainderWithoutBias(below:)`: `next() % bound` except on the
  /// rare draw that would bias it, so `KFold`'s folds are those it dealt with a plain remainder.
  public mutating func integer(below bound: Int) -> Int { remainderWithoutBias(below: bound) }
}

@inline(__always) func log1pNegative(_ u: Double) -> Double { Foundation.log1p(-u) }
@inline(__always) func cosTwoPi(_ u: Double) -> Double { Foundation.cos(2 * Double.pi * u) }

extension Tensor {
  /// Uniform values in [low, high) drawn from `generator` (on the host, so every backend sees
  /// the same numbers for the same seed).
  public static func uniform(
    _ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float64,
    using generator: inout RandomGenerator, on backend: Backend = CPUBackend.shared
  ) -> Tensor {
    let values = (0..<Shape.count(shape)).map { _ in low + (high - low) * generator.uniform() }
    return Tensor(shape: shape, scalars: values, dtype: dtype, on: backend)
  }

  /// Normal values with the given mean and standard deviation.
  public static func normal(
    _ shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float64,
    using generator: inout RandomGenerator, on backend: Backend = CPUBackend.shared
  ) -> Tensor {
    let values = (0..<Shape.count(shape)).map { _ in mean + standardDeviation * generator.normal() }
    return Tensor(shape: shape, scalars: values, dtype: dtype, on: backend)
  }

  /// 1 with probability p, else 0.
  public static func bernoulli(
    _ shape: [Int], probability p: Double, dtype: DType = .float64,
    using generator: inout RandomGenerator, on backend: Backend = CPUBackend.shared
  ) -> Tensor {
    let values = (0..<Shape.count(shape)).map { _ in generator.bernoulli(p) ? 1.0 : 0.0 }
    return Tensor(shape: shape, scalars: values, dtype: dtype, on: backend)
  }
}
