import Foundation
import XCTest

@testable import NN
@testable import Runs

/// SIGTERM, as a sweep driver sends it to prune a trial, stops a fit the way Ctrl-C does.
final class InterruptCallbackTests: XCTestCase {
  func testSIGTERMAsksTheFitToStopAfterItsEpoch() throws {
    let interrupt = InterruptCallback()
    XCTAssertFalse(interrupt.wasInterrupted)
    kill(getpid(), SIGTERM)  // handled by the callback's dispatch source, not the default action
    let deadline = Date().addingTimeInterval(10)
    while !interrupt.wasInterrupted && Date() < deadline { usleep(1000) }
    XCTAssertTrue(interrupt.wasInterrupted)
  }
}
