/// splitmix64: the campaign's only source of randomness, so that a seed and an input index
/// name one input exactly (`gravitas-fuzz READER --seed S --replay I`).
public struct FuzzRandom {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// The generator for input `index` of a campaign seeded `seed`: independent of the inputs
  /// before it, so any one input can be replayed alone.
  public init(seed: UInt64, index: Int) {
    var mixer = FuzzRandom(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
    for _ in 0...(index & 0x3) { _ = mixer.next() }
    state = mixer.next() &+ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in 0..<bound (bound > 0).
  public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

  public mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }

  public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
