import TensorCore
import XCTest

/// The one shuffle (`IndexDrawing.shuffled`) and the unbiased remainder under `KFold`'s stream.
final class ShuffleTests: XCTestCase {
  /// Plays back a fixed list of words.
  private struct Script: RandomNumberGenerator {
    var words: [UInt64]
    mutating func next() -> UInt64 { words.removeFirst() }
  }

  /// Draws indices from a list, to walk every sequence of draws.
  private struct Indices: IndexDrawing {
    var draws: [Int]
    mutating func integer(below bound: Int) -> Int {
      let j = draws.removeFirst()
      precondition(j < bound)
      return j
    }
  }

  /// Fisher–Yates is a bijection from draw sequences to orders: the 4·3·2 sequences of draws
  /// for four items give each of the 24 orders exactly once, so uniform draws give uniform orders.
  func testEveryOrderComesFromExactlyOneSequenceOfDraws() {
    var counts: [[Int]: Int] = [:]
    for a in 0..<4 {
      for b in 0..<3 {
        for c in 0..<2 {
          var source = Indices(draws: [a, b, c])
          counts[source.shuffled([0, 1, 2, 3]), default: 0] += 1
        }
      }
    }
    XCTAssertEqual(counts.count, 24)
    XCTAssertEqual(Set(counts.values), [1])
  }

  /// 2⁶⁴ = 3·6148914691236517205 + 1: with bound 3 the word 0 is the one extra that `% 3` would
  /// give to 0. It is rejected, so every remainder has exactly ⌊2⁶⁴/3⌋ words behind it.
  func testRemainderRejectsTheBiasedSliver() {
    var script = Script(words: [0, 5])
    XCTAssertEqual(script.remainderWithoutBias(below: 3), 2)  // 0 rejected, then 5 % 3
    XCTAssertTrue(script.words.isEmpty)
    var kept = Script(words: [1, .max])
    XCTAssertEqual(kept.remainderWithoutBias(below: 3), 1)  // 1 ≥ 2⁶⁴ mod 3: kept
    XCTAssertEqual(kept.remainderWithoutBias(below: 3), 0)  // 2⁶⁴ − 1 = 3·6148914691236517205
  }

  /// `KFold`'s stream: a plain remainder on every draw of a long run (no word falls in the
  /// rejected sliver), which is why the folds did not move when the draw became unbiased.
  func testSplitMixDrawEqualsThePlainRemainderOutsideTheSliver() {
    var a = SplitMix64(seed: 1)
    var b = SplitMix64(seed: 1)
    for i in stride(from: 5000, to: 1, by: -1) {
      XCTAssertEqual(a.integer(below: i), Int(b.next() % UInt64(i)))
    }
  }

  /// `RandomGenerator`'s permutation is the same shuffle over its own (Lemire) draw, pinned to
  /// what it gave before the shuffle was shared (the trainer's batch order, so every minibatch
  /// fit, depends on it); the value is also an independent Python transcription's.
  func testRandomGeneratorPermutationIsPinned() {
    var g = RandomGenerator(seed: 1)
    XCTAssertEqual(g.permutation(10), [3, 6, 1, 5, 0, 9, 2, 8, 4, 7])
  }
}
