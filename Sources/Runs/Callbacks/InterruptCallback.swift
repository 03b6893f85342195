import CSignals
import Foundation
import NN

/// Turns Ctrl-C (SIGINT) or SIGTERM into a clean stop: the fit ends after the epoch in progress,
/// so `ModelCheckpoint` writes `last.safetensors` and the run can be resumed. A second signal
/// ends the process at once (status 128 + the signal's number).
///
/// Signal handling is process-wide: a command creates one of these explicitly for as long as it
/// trains, and releasing it puts back the handlers it replaced. (A handler, not a dispatch
/// source: on Linux a dispatch source missed signals delivered to threads other than the one that
/// registered it, and SIGTERM from a sweep driver was ignored outright.)
public final class InterruptCallback: TrainingCallback {
  public init() {
    precondition(gravitas_stop_signals_install() == 0, "InterruptCallback: sigaction failed (errno \(errno))")
  }

  deinit { gravitas_stop_signals_restore() }

  public var wasInterrupted: Bool { gravitas_stop_signal_received() != 0 }

  /// The `stopReason` of an interrupted fit: it ends to be resumed, not to be used.
  public static let stopReason = "interrupted"

  public func handle(_ event: TrainingEvent, _ loop: TrainingLoop) {
    if event == .validationEnd && wasInterrupted { loop.stopReason = Self.stopReason }
  }
}
