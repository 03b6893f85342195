import Foundation

/// Where a progress line goes: on a terminal it is redrawn in place with `\r`, at most ten times a
/// second and always for the last; otherwise (logs, CI) whole lines are printed, at most one per
/// `minimumLineInterval` seconds, plus the first and the last. The output sink and the clock are
/// injectable for tests.
public struct ProgressLine {
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
    output: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
    isTerminal: Bool = isatty(STDERR_FILENO) != 0,
    minimumLineInterval: Double = 5,
    clock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime }
  ) {
    self.output = output
    self.redrawsInPlace = isTerminal
    self.minimumLineInterval = minimumLineInterval
    self.clock = clock
    self.startTime = clock()
  }

  /// Seconds since the line was created.
  public var elapsed: Double { clock() - startTime }

  /// Shows `line`; `last` ends it (a newline on a terminal, and never skipped when rate-limited).
  public mutating func show(_ line: String, last: Bool) {
    let now = clock()
    if redrawsInPlace {
      // Ten redraws a second are plenty; a fast loop would otherwise spend its time writing.
      if !last, let lastLineTime, now - lastLineTime < 0.1 { return }
      lastLineTime = now
      // Pad with spaces so a shorter line fully covers the previous one.
      let padding = String(repeating: " ", count: max(0, lastLineLength - line.count))
      output("\r" + line + padding + (last ? "\n" : ""))
      lastLineLength = line.count
      lineOpen = !last
      return
    }
    let due = lastLineTime.map { now - $0 >= minimumLineInterval } ?? true
    guard due || last else { return }
    output(line + "\n")
    lastLineTime = now
  }

  /// Ends a line left open on a terminal (work stopped before its last update), so later output
  /// starts on a fresh line.
  public mutating func finish() {
    if lineOpen { output("\n") }
    lineOpen = false
  }

  /// `[#####---------------]` for a fraction done in [0, 1].
  static func bar(_ fraction: Double, width: Int = 20) -> String {
    let done = min(width, max(0, Int((Double(width) * fraction).rounded(.down))))
    return "[" + String(repeating: "#", count: done) + String(repeating: "-", count: width - done) + "]"
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
