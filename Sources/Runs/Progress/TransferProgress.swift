import Foundation

/// A download's progress on one line: name, bar, MB so far of the total, rate and ETA, shown as
/// `ProgressLine` shows it (redrawn on a terminal, rate-limited whole lines otherwise).
public struct TransferProgress {
  public let name: String
  private var line: ProgressLine
  private var complete = false

  public init(name: String, line: ProgressLine = ProgressLine()) {
    self.name = name
    self.line = line
  }

  /// `bytes` of `total` received so far (`total` ≤ 0 when the server did not say).
  public mutating func update(bytes: Int64, of total: Int64) {
    guard !complete else { return }  // libcurl keeps reporting the finished transfer
    complete = total > 0 && bytes >= total
    line.show(Self.line(name: name, bytes: bytes, total: total, elapsed: line.elapsed), last: complete)
  }

  /// Ends a line left open on a terminal (the transfer failed or stopped short).
  public mutating func finish() {
    line.finish()
  }

  static func line(name: String, bytes: Int64, total: Int64, elapsed: Double) -> String {
    let megabytes = { (count: Int64) in String(format: "%.1f", Double(count) / 1e6) }
    var text = name + " "
    if total > 0 {
      text += "\(ProgressLine.bar(Double(bytes) / Double(total))) \(megabytes(bytes))/\(megabytes(total)) MB"
    } else {
      text += "\(megabytes(bytes)) MB"
    }
    if elapsed > 0, bytes > 0 {
      let rate = Double(bytes) / elapsed
      text += String(format: " %.1f MB/s", rate / 1e6)
      if total > 0 { text += " ETA \(ProgressLine.duration(Double(max(0, total - bytes)) / rate))" }
    }
    return text
  }
}
