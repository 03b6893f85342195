import Foundation

/// Training progress on one line: epoch/total, a bar, loss, validation loss, rate and ETA.
///
/// On a terminal it redraws in place with `\r`; otherwise (logs, CI) it prints whole lines,
/// at most one per `minimumLineInterval` seconds, plus the first and last epoch.
/// The output sink and the clock are injectable for tests.
public struct ProgressBar {
  public let totalEpochs: Int
  private let output: (String) -> Void
  private let clock: () -> Double
  private let redrawsInPlace: Bool
  private let minimumLineInterval: Double
  private let startTime: Double
  private var lastLineTime: Double?
  private var lastLineLength = 0
  /// A redrawn line is on screen without its newline.
  private var lineOpen = false

  /// - Parameters:
  ///   - output: receives text exactly as it should be written (default: standard error).
  ///   - isTerminal: redraw in place; default: whether standard error is a TTY.
  ///   - clock: seconds from any fixed origin (default: monotonic uptime).
  public init(
    totalEpochs: Int,
    output: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
    isTerminal: Bool = isatty(STDERR_FILENO) != 0,
    minimumLineInterval: Double = 5,
    clock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime }
  ) {
    precondition(totalEpochs > 0, "ProgressBar: totalEpochs \(totalEpochs) must be > 0")
    self.totalEpochs = totalEpochs
    self.output = output
    self.redrawsInPlace = isTerminal
    self.minimumLineInterval = minimumLineInterval
    self.clock = clock
    self.startTime = clock()
  }

  /// Reports that `epoch` (1-based) has finished.
  public mutating func update(epoch: Int, loss: Double, validationLoss: Double? = nil) {
    let now = clock()
    let line = Self.line(
      epoch: epoch, total: totalEpochs, loss: loss, validationLoss: validationLoss,
      elapsed: now - startTime)
    if redrawsInPlace {
      // Pad with spaces so a shorter line fully covers the previous one.
      let padding = String(repeating: " ", count: max(0, lastLineLength - line.count))
      output("\r" + line + padding + (epoch >= totalEpochs ? "\n" : ""))
      lastLineLength = line.count
      lineOpen = epoch < totalEpochs
      return
    }
    let due = lastLineTime.map { now - $0 >= minimumLineInterval } ?? true
    guard due || epoch >= totalEpochs else { return }
    output(line + "\n")
    lastLineTime = now
  }

  /// Ends an in-place line when training stops before `totalEpochs` (e.g. early stopping),
  /// so later output starts on a fresh line.
  public mutating func finish() {
    if lineOpen { output("\n") }
    lineOpen = false
  }

  /// The text of one progress line.
  static func line(epoch: Int, total: Int, loss: Double, validationLoss: Double?, elapsed: Double)
    -> String
  {
    let width = 20
    let done = min(width, max(0, width * epoch / total))
    let bar = String(repeating: "#", count: done) + String(repeating: "-", count: width - done)
    let digits = String(total).count
    let epochText = String(repeating: " ", count: max(0, digits - String(epoch).count)) + String(epoch)
    var text = "epoch \(epochText)/\(total) [\(bar)] loss \(number(loss))"
    if let validationLoss { text += " val \(number(validationLoss))" }
    if epoch > 0 && elapsed > 0 {
      let perEpoch = elapsed / Double(epoch)
      text += " " + (perEpoch < 1 ? String(format: "%.1f epoch/s", 1 / perEpoch) : "\(duration(perEpoch))/epoch")
      text += " ETA \(duration(perEpoch * Double(max(0, total - epoch))))"
    }
    return text
  }

  private static func number(_ value: Double) -> String {
    abs(value) >= 1e4 || (abs(value) < 1e-3 && value != 0)
      ? String(format: "%.3e", value) : String(format: "%.4f", value)
  }

  /// `42s`, `3m05s`, `2h07m`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let whole = Int(seconds.rounded())
    if whole < 60 { return "\(whole)s" }
    if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
    return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
  }
}
