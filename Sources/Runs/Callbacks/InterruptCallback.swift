import CSignals
import Foundation
import NN

/// Turns Ctrl-C (SIGINT) or SIGTERM into a clean stop: the fit ends after the epoch in progress,
/// so `ModelCheckpoint` writes `last.safetensors` and the run can be resumed. A second signal
/// ends the process at once (status 128 + the signal's number).
///
/// Signal handling is process-wide, so creating one changes nothing: a command calls `install()`
/// explicitly for as long as it trains, and releasing the callback puts back the handlers it
/// replaced. (A handler, not a dispatch source: on Linux a dispatch source missed signals
/// delivered to threads other than the one that registered it, and SIGTERM from a sweep driver
/// was ignored outright.)
public final class InterruptCallback: TrainingCallback {
  /// Whether this callback's `install()` replaced the handlers (and its release restores them).
  public private(set) var isInstalled = false

  public init() {}

  /// Handles SIGINT and SIGTERM from now on, saving the actions it replaces.
  public func install() {
    precondition(!isInstalled, "InterruptCallback.install: already installed")
    precondition(gravitas_stop_signals_install() == 0, "InterruptCallback.install: sigaction failed (errno \(errno))")
    isInstalled = true
  }

  /// Puts back the handlers `install()` replaced; releasing the callback does the same.
  public func uninstall() {
    guard isInstalled else { return }
    gravitas_stop_signals_restore()
    isInstalled = false
  }

  deinit { uninstall() }

  public var wasInterrupted: Bool { gravitas_stop_signal_received() != 0 }

  public func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) {
    if event == .validationEnd && wasInterrupted { loop.stopReason = .interrupted }
  }
}
