/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator, so a search is
/// reproducible from its seed on every platform and Swift version.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1) with 53 random bits.
  mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// Uniform in 0..<upper (the modulo bias is below 2^-50 for the small ranges used here).
  mutating func nextIndex(_ upper: Int) -> Int {
    precondition(upper > 0, "SplitMix64.nextIndex: empty range")
    return Int(next() % UInt64(upper))
  }

  /// Standard normal by Box–Muller.
  mutating func nextGaussian() -> Double {
    let u = max(nextUnit(), 0x1p-60)
    return (-2 * _log(u)).squareRoot() * _cosine(2 * Double.pi * nextUnit())
  }
}
