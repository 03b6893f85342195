import Foundation
import XCTest

@testable import NN
@testable import Runs

/// SIGTERM, as a sweep driver sends it to prune a trial, stops a fit the way Ctrl-C does; the
/// handlers are the process's, so only `install()` touches them.
final class InterruptCallbackTests: XCTestCase {
  func testSIGTERMAsksTheFitToStopAfterItsEpoch() throws {
    let interrupt = InterruptCallback()
    interrupt.install()
    XCTAssertFalse(interrupt.wasInterrupted)
    kill(getpid(), SIGTERM)  // handled by the installed handler, not the default action
    let deadline = Date().addingTimeInterval(10)
    while !interrupt.wasInterrupted && Date() < deadline { usleep(1000) }
    XCTAssertTrue(interrupt.wasInterrupted)
  }

  func testCreatingOneLeavesTheHandlersAloneUntilInstalled() {
    let before = (Self.handler(SIGINT), Self.handler(SIGTERM))
    var interrupt: InterruptCallback? = InterruptCallback()
    XCTAssertEqual(Self.handler(SIGINT), before.0)
    XCTAssertEqual(Self.handler(SIGTERM), before.1)
    interrupt?.install()
    XCTAssertNotEqual(Self.handler(SIGINT), before.0)
    XCTAssertNotEqual(Self.handler(SIGTERM), before.1)
    interrupt = nil  // releasing it puts the handlers back
    XCTAssertEqual(Self.handler(SIGINT), before.0)
    XCTAssertEqual(Self.handler(SIGTERM), before.1)
  }

  /// The address of the process's current handler for `signal` (0: the default action).
  private static func handler(_ signal: Int32) -> UInt {
    var action = sigaction()
    XCTAssertEqual(sigaction(signal, nil, &action), 0)
    return unsafeBitCast(action.__sigaction_handler.sa_handler, to: UInt.self)
  }
}
