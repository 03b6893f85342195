import DurableFiles
import Foundation

/// A bounded fuzz campaign on one reader: `inputs` inputs from `seed`, each run and judged.
public struct Campaign {
  public struct Report: CustomStringConvertible {
    public var reader: String
    public var inputs = 0, accepted = 0, rejected = 0
    /// Inputs accepted with a broken invariant: (index, what was wrong).
    public var garbage: [(index: Int, reason: String)] = []
    public var seconds = 0.0

    public var description: String {
      "\(reader): \(inputs) inputs, \(accepted) accepted, \(rejected) rejected, \(garbage.count) accepted garbage, "
        + String(format: "%.1f s", seconds)
    }
  }

  public let target: any FuzzTarget
  public let seed: UInt64

  public init(target: any FuzzTarget, seed: UInt64) {
    self.target = target
    self.seed = seed
  }

  /// Input `index`, exactly as the campaign builds it.
  public func input(_ index: Int) -> FuzzInput {
    var random = FuzzRandom(seed: seed, index: index)
    return target.makeInput(&random)
  }

  /// Runs inputs `0..<inputs`. `progress` is called with each index before that input runs (the
  /// supervisor's hang and crash detection reads it); accepted garbage is written to `findings`.
  public func run(inputs: Int, scratch: URL, findings: URL?, progress: (Int) -> Void = { _ in }) -> Report {
    var report = Report(reader: target.name)
    let start = Date()
    for index in 0..<inputs {
      progress(index)
      let input = input(index)
      do {
        switch try target.run(input, in: scratch) {
        case .accepted: report.accepted += 1
        case .rejected: report.rejected += 1
        }
      } catch let violation as InvariantViolation {
        report.garbage.append((index, violation.description))
        if let findings {
          try? FileManager.default.createDirectory(at: findings, withIntermediateDirectories: true)
          try? DurableFile.write(
            Data(input.bytes),
            to: findings.appendingPathComponent("\(target.name)-seed\(seed)-input\(index)-slot\(input.slot)"))
        }
      } catch {
        report.rejected += 1
      }
      report.inputs += 1
    }
    report.seconds = Date().timeIntervalSince(start)
    return report
  }
}
