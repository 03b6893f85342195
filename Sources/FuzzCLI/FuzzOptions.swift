import Foundation
import Fuzzing

/// The command line, parsed by hand: the supervisor passes the same options to its children.
struct FuzzOptions {
  var readers: [String] = []
  var inputs = 10_000
  var seed: UInt64 = 1
  var jobs = 2
  /// Longest one input may run before the campaign counts a hang (seconds).
  var budget = 10.0
  var root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  var findings: URL?
  var replay: Int?
  var write: URL?
  /// Set on a child: the reader it runs and the file it reports progress in.
  var child: String?
  var progress: URL?

  struct UsageError: Error, CustomStringConvertible { var description: String }

  init<S: Sequence>(_ arguments: S) throws where S.Element == String {
    var rest = Array(arguments)[...]
    func value(_ flag: String) throws -> String {
      guard let v = rest.popFirst() else { throw UsageError(description: "\(flag) needs a value") }
      return v
    }
    func number<T: LosslessStringConvertible>(_ flag: String, _ range: ClosedRange<Double>) throws -> T {
      let text = try value(flag)
      guard let n = T(text), let d = Double(text), range.contains(d) else {
        throw UsageError(description: "\(flag) '\(text)' is not a number in \(range.lowerBound)…\(range.upperBound)")
      }
      return n
    }
    while let argument = rest.popFirst() {
      switch argument {
      case "--inputs": inputs = try number(argument, 1...1e9)
      case "--seed": seed = try number(argument, 0...1.8e19)
      case "--jobs": jobs = try number(argument, 1...64)
      case "--budget": budget = try number(argument, 0.01...3600)
      case "--root": root = URL(fileURLWithPath: try value(argument))
      case "--findings": findings = URL(fileURLWithPath: try value(argument))
      case "--replay": replay = try number(argument, 0...1e9)
      case "--write": write = URL(fileURLWithPath: try value(argument))
      case "--child": child = try value(argument)
      case "--progress": progress = URL(fileURLWithPath: try value(argument))
      case "all": readers += FuzzCorpus.readers
      case _ where FuzzCorpus.readers.contains(argument): readers.append(argument)
      default: throw UsageError(description: "unknown argument '\(argument)'")
      }
    }
    if readers.isEmpty && child == nil { throw UsageError(description: "name a reader, or all") }
  }
}
