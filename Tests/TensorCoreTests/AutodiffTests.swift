import Foundation
import TensorCore
import TestSupport
import XCTest

final class AutodiffTests: XCTestCase {
  /// The gradient of a shared subexpression accumulates over every use.
  func testFanOutAccumulates() {
    let (value, grad) = valueAndGradient(at: Tensor([2, 3])) { x in (x * x + x).sum() }
    XCTAssertEqual(value.scalar, 4 + 2 + 9 + 3)
    XCTAssertEqual(grad.scalars, [5, 7])
  }

  func testSeedGivesVectorJacobianProduct() {
    let seed = Tensor([1, 10])
    let (_, grad) = valueAndGradient(at: Tensor([2, 3]), seed: seed) { x in x * x }
    XCTAssertEqual(grad.scalars, [4, 60])
  }

  func testDetachStopsGradient() {
    let (_, grad) = valueAndGradient(at: Tensor([2, 3])) { x in (x * x.detached()).sum() }
    XCTAssertEqual(grad.scalars, [2, 3])
  }

  func testUnusedVariableGetsZeros() {
    let (_, grads) = valueAndGradient(at: [Tensor([1, 2]), Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])]) {
      $0[0].sum()
    }
    XCTAssertEqual(grads[1].scalars, [0, 0, 0, 0])
  }

  /// Values computed outside `valueAndGradient` carry no history.
  func testNoRecordingOutsideDifferentiation() {
    let y = exp(Tensor([1, 2])) * 3
    XCTAssertFalse(y.isRecorded)
  }

  /// Topological order and teardown both run without recursion.
  func testHundredThousandOpChain() {
    let (value, grad) = valueAndGradient(at: Tensor(1.0)) { x in
      var y = x
      for _ in 0..<100_000 { y = y + 1e-5 * y }
      return y
    }
    let expected = Foundation.pow(1 + 1e-5, 100_000.0)
    XCTAssertEqual(value.scalar, expected, accuracy: 1e-9 * expected)
    XCTAssertEqual(grad.scalar, expected, accuracy: 1e-9 * expected)
  }

  /// Kinks: the subgradient chosen at the kink, tested apart from finite differences.
  func testKinks() {
    XCTAssertEqual(gradient(at: Tensor([0])) { relu($0).sum() }.scalars, [0])
    XCTAssertEqual(gradient(at: Tensor([0])) { abs($0).sum() }.scalars, [0])
    XCTAssertEqual(gradient(at: Tensor([1, 1])) { $0.max() }.scalars, [0.5, 0.5])
    XCTAssertEqual(gradient(at: Tensor([2])) { maximum($0, Tensor([2])).sum() }.scalars, [0.5])
    XCTAssertEqual(gradient(at: Tensor([1, -1])) { clamp($0, min: -1, max: 1).sum() }.scalars, [1, 1])
  }
}
