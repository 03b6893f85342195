import PeerRandom
import TensorCore
import XCTest

final class RandomTests: XCTestCase {
  func testSameSeedSameNumbers() {
    var a = RandomGenerator(seed: 42)
    var b = RandomGenerator(seed: 42)
    XCTAssertEqual((0..<10).map { _ in a.next() }, (0..<10).map { _ in b.next() })
    var c = RandomGenerator(seed: 43)
    XCTAssertNotEqual(a.next(), c.next())
  }

  /// Pins the stream itself, so a change to it (which would change every seeded result) is seen.
  func testStreamIsPinned() {
    var g = RandomGenerator(seed: 0)
    // xoshiro256** seeded by splitmix64(0): the first splitmix64 outputs are the state words.
    XCTAssertEqual(
      g.state, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
    let first = g.next()
    XCTAssertEqual(first, rotl(0x6E78_9E6A_A1B9_65F4 &* 5, 7) &* 9)
  }

  func testSaveAndRestoreState() {
    var g = RandomGenerator(seed: 9)
    _ = (0..<5).map { _ in g.normal() }
    let saved = g.state
    let continued = (0..<5).map { _ in g.uniform() }
    var restored = RandomGenerator(state: saved)
    XCTAssertEqual((0..<5).map { _ in restored.uniform() }, continued)
  }

  func testDistributions() {
    var g = RandomGenerator(seed: 1)
    let n = 20_000
    let u = (0..<n).map { _ in g.uniform() }
    XCTAssertEqual(u.reduce(0, +) / Double(n), 0.5, accuracy: 0.01)
    let z = (0..<n).map { _ in g.normal() }
    let mean = z.reduce(0, +) / Double(n)
    let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
    XCTAssertEqual(mean, 0, accuracy: 0.03)
    XCTAssertEqual(variance, 1, accuracy: 0.04)
    let p = g.permutation(50)
    XCTAssertEqual(p.sorted(), Array(0..<50))
    XCTAssertNotEqual(p, Array(0..<50))
    let hits = (0..<n).filter { _ in g.bernoulli(0.3) }.count
    XCTAssertEqual(Double(hits) / Double(n), 0.3, accuracy: 0.015)
    XCTAssertTrue((0..<1000).allSatisfy { _ in (0..<7).contains(g.integer(below: 7)) })
  }

  /// Values printed by `peer_common.py` (numpy): splitmix64(1000, 3), uniform(1000, 3),
  /// normal(42, 3), permutation(5, 8).
  func testPeerStreamMatchesPython() {
    var s = PeerStream(seed: 1000)
    XCTAssertEqual(
      [s.next(), s.next(), s.next()],
      [4_332_104_999_045_480_776, 15_022_492_692_291_828_655, 14_266_957_338_849_687_121])
    XCTAssertEqual(
      PeerStream.uniforms(seed: 1000, count: 3), [0.2348438825700212, 0.8143709606565207, 0.773413307076942])
    let normals = PeerStream.normals(seed: 42, count: 3)
    for (a, e) in zip(normals, [0.8822489062222688, -0.4508498757188601, 0.1883526341159315]) {
      XCTAssertEqual(a, e, accuracy: 1e-15)
    }
    XCTAssertEqual(PeerStream.permutation(seed: 5, count: 8), [3, 4, 2, 5, 0, 7, 1, 6])
  }
}

private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
