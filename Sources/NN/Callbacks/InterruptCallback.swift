import Dispatch
import Foundation

/// Turns Ctrl-C (SIGINT) or SIGTERM into a clean stop: the fit ends after the epoch in progress,
/// so `ModelCheckpoint` writes `last.safetensors` and the run can be resumed. A second signal
/// ends the process at once.
public final class InterruptCallback: TrainingCallback {
  private let sources: [DispatchSourceSignal]
  private let lock = NSLock()
  private var signalled = false

  public init() {
    var sources: [DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)  // let the dispatch source, not the default action, see it
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      sources.append(source)
    }
    self.sources = sources
    for source in sources {
      source.setEventHandler { [weak self] in
        guard let self else { return }
        self.lock.lock()
        let second = self.signalled
        self.signalled = true
        self.lock.unlock()
        if second { exit(130) }
        FileHandle.standardError.write(Data("\ninterrupted: stopping after this epoch and saving a checkpoint (again to quit now)\n".utf8))
      }
      source.resume()
    }
  }

  deinit {
    for source in sources { source.cancel() }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }

  public var wasInterrupted: Bool {
    lock.lock()
    defer { lock.unlock() }
    return signalled
  }

  /// The `stopReason` of an interrupted fit: it ends to be resumed, not to be used.
  public static let stopReason = "interrupted"

  public func handle(_ event: TrainingEvent, _ loop: TrainingLoop) {
    if event == .validationEnd && wasInterrupted { loop.stopReason = Self.stopReason }
  }
}
