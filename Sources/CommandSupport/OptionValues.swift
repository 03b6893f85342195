import ArgumentParser
import CUDABackend
import NN

// Option values from a fixed set parse as their types, so `--help` lists them and a command never
// validates a string and force-unwraps it later.

extension Activation: ExpressibleByArgument {}

/// `--device cpu|cuda|cuda:N|auto`; `cuda:N` stands for any ordinal in the listed values.
extension ComputeDevice: ExpressibleByArgument {
  public init?(argument: String) {
    guard let device = try? ComputeDevice(parsing: argument) else { return nil }
    self = device
  }

  public static var allValueStrings: [String] { ["cpu", "cuda", "cuda:N", "auto"] }

  public var defaultValueDescription: String { description }
}

/// `--hidden 64,64,64`: hidden layer widths, comma separated, each positive. One parser for every
/// command that takes them; `example` is shown in the message when `text` is not that.
public func parseHiddenWidths(_ text: String, example: String) throws -> [Int] {
  let parts = text.split(separator: ",", omittingEmptySubsequences: false)
  let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
  guard !values.isEmpty, values.count == parts.count, values.allSatisfy({ $0 > 0 }) else {
    throw ValidationError("--hidden must be comma-separated positive widths, e.g. \(example); got '\(text)'")
  }
  return values
}
