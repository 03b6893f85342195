import Foundation

/// Training progress on one line: epoch/total, a bar, loss, validation loss, rate and ETA, shown
/// as `ProgressLine` shows it (redrawn on a terminal, rate-limited whole lines otherwise).
public struct ProgressBar {
  public let totalEpochs: Int
  private var line: ProgressLine

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
    line = ProgressLine(output: output, isTerminal: isTerminal, minimumLineInterval: minimumLineInterval, clock: clock)
  }

  /// Reports that `epoch` (1-based) has finished.
  public mutating func update(epoch: Int, loss: Double, validationLoss: Double? = nil, label: String = "loss") {
    let text = Self.line(
      epoch: epoch, total: totalEpochs, loss: loss, validationLoss: validationLoss, label: label, elapsed: line.elapsed)
    line.show(text, last: epoch >= totalEpochs)
  }

  /// Ends an in-place line when training stops before `totalEpochs` (e.g. early stopping),
  /// so later output starts on a fresh line.
  public mutating func finish() {
    line.finish()
  }

  /// The text of one progress line.
  static func line(
    epoch: Int, total: Int, loss: Double, validationLoss: Double?, label: String = "loss", elapsed: Double
  )
    -> String
  {
    let digits = String(total).count
    let epochText = String(repeating: " ", count: max(0, digits - String(epoch).count)) + String(epoch)
    var text = "epoch \(epochText)/\(total) \(ProgressLine.bar(Double(epoch) / Double(total))) \(label) \(number(loss))"
    if let validationLoss { text += " val \(number(validationLoss))" }
    if epoch > 0 && elapsed > 0 {
      let perEpoch = elapsed / Double(epoch)
      text +=
        " " + (perEpoch < 1 ? String(format: "%.1f epoch/s", 1 / perEpoch) : "\(ProgressLine.duration(perEpoch))/epoch")
      text += " ETA \(ProgressLine.duration(perEpoch * Double(max(0, total - epoch))))"
    }
    return text
  }

  private static func number(_ value: Double) -> String {
    abs(value) >= 1e4 || (abs(value) < 1e-3 && value != 0)
      ? String(format: "%.3e", value) : String(format: "%.4f", value)
  }
}
