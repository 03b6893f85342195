/// A random stream that can draw an index uniformly from 0..<bound, exactly: every index has
/// probability 1/bound (no modulo bias). `shuffled(_:)` and `permutation(_:)` are built on it.
public protocol IndexDrawing {
  mutating func integer(below bound: Int) -> Int
}

extension IndexDrawing {
  /// `items` in a uniformly random order: Fisher–Yates from the last position down, written out
  /// so that the order depends only on the stream, not on the standard library's shuffle. Each
  /// of the n! orders comes from exactly one sequence of draws.
  public mutating func shuffled<T>(_ items: [T]) -> [T] {
    var items = items
    guard items.count > 1 else { return items }
    for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, integer(below: i + 1)) }
    return items
  }

  /// A uniformly random permutation of 0..<n.
  public mutating func permutation(_ n: Int) -> [Int] { shuffled(Array(0..<n)) }
}

extension RandomNumberGenerator {
  /// An integer in 0..<bound as `next() % bound`, drawing again while `next()` < 2⁶⁴ mod bound:
  /// the values left are a whole number of runs of `bound`, so each remainder is equally likely.
  /// (A plain remainder favours the first 2⁶⁴ mod bound values by 1 in 2⁶⁴/bound.) It differs
  /// from the plain remainder only on a rejected draw, with probability below bound/2⁶⁴.
  public mutating func remainderWithoutBias(below bound: Int) -> Int {
    precondition(bound > 0, "remainderWithoutBias(below:): bound \(bound) must be positive")
    let b = UInt64(bound)
    let threshold = (0 &- b) % b  // 2⁶⁴ mod b
    var x = next()
    while x < threshold { x = next() }
    return Int(x % b)
  }
}
