import TensorCore
import XCTest

/// Shape errors name the op and both shapes. The ops trap with these messages; the validators
/// that produce them throw, which is what is tested here.
final class ErrorTests: XCTestCase {
  func testBroadcastMismatchNamesOpAndShapes() {
    XCTAssertThrowsError(try Shape.broadcast([2, 3], [4], op: "add")) { error in
      XCTAssertEqual("\(error)", "add: shapes [2, 3] and [4]: axis 1 has sizes 3 and 4, which do not broadcast")
    }
    XCTAssertEqual(try Shape.broadcast([2, 1, 3], [4, 1], op: "add"), [2, 4, 3])
    XCTAssertEqual(try Shape.broadcast([], [5], op: "add"), [5])
  }

  func testAxisOutOfRange() {
    XCTAssertThrowsError(try Shape.axis(3, rank: 2, op: "sum")) { error in
      XCTAssertEqual("\(error)", "sum: axis 3 is out of range for rank 2")
    }
    XCTAssertEqual(try Shape.axis(-1, rank: 2, op: "sum"), 1)
  }

  func testMessagesForOtherErrors() {
    XCTAssertEqual(
      TensorError.dtypeMismatch(op: "matmul", dtypes: [.float32, .float64]).description,
      "matmul: dtypes float32 and float64 differ; cast one with .to(_:)")
    XCTAssertEqual(
      TensorError.shapeMismatch(op: "matmul", shapes: [[2, 3], [4, 5]], reason: "inner dimensions 3 and 4 differ")
        .description,
      "matmul: shapes [2, 3] and [4, 5]: inner dimensions 3 and 4 differ")
  }
}
