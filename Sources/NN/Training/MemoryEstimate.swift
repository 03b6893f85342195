import Foundation

/// What a fit will hold in memory, estimated from its options before anything is allocated, so
/// that `--hidden 9223372036854775807` is refused with a line instead of trapping (or writing
/// past a buffer) after a run has started.
///
/// Counts are multiplied with overflow checks; any overflow is "too large".
public struct MemoryEstimate: Equatable {
  /// Bytes, or nil when the count overflowed.
  public var bytes: Int?

  /// An MLP of `widths` (inputs … outputs) per member: `copies` copies of its parameters
  /// (weights, gradients, optimizer moments, best weights, checkpoint snapshots) and
  /// `activationCopies` of each layer's activations for `rows` rows, all Float64.
  public init(widths: [Int], members: Int, rows: Int, copies: Int = 8, activationCopies: Int = 4) {
    var total: Int? = 0
    for (fanIn, fanOut) in zip(widths, widths.dropFirst()) {
      let weights = Self.product([fanIn, fanOut, members, copies, 8])
      let biases = Self.product([fanOut, members, copies, 8])
      total = Self.sum(total, Self.sum(weights, biases))
    }
    for width in widths {
      total = Self.sum(total, Self.product([rows, width, members, activationCopies, 8]))
    }
    bytes = total
  }

  public init(bytes: Int?) { self.bytes = bytes }

  public static func product(_ factors: [Int]) -> Int? {
    var result = 1
    for factor in factors {
      guard factor >= 0 else { return nil }
      let (value, overflow) = result.multipliedReportingOverflow(by: factor)
      if overflow { return nil }
      result = value
    }
    return result
  }

  public static func sum(_ a: Int?, _ b: Int?) -> Int? {
    guard let a, let b else { return nil }
    let (value, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : value
  }

  /// Half the machine's memory: what a fit may plan to use.
  public static var budget: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory / 2) }

  /// Throws `NNError.invalidArgument` naming `what` when the estimate exceeds `budget`.
  public func check(_ what: String, budget: Int = MemoryEstimate.budget) throws {
    let gib = { (b: Int) in String(format: "%.1f GiB", Double(b) / 1_073_741_824) }
    guard let bytes else {
      throw NNError.invalidArgument("\(what) is too large to count (its size overflows 64 bits)")
    }
    guard bytes <= budget else {
      throw NNError.invalidArgument(
        "\(what) needs about \(gib(bytes)) of memory; at most \(gib(budget)) (half of this machine's) may be used")
    }
  }
}
