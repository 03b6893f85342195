import Foundation
import HTTP

/// Errors reading ephemerides (kernels, dataset files); each description is one line a user can
/// act on, naming the file (and line) where there is one.
public enum OrbitsError: Error, Equatable, CustomStringConvertible {
  case unreadable(file: String, reason: String)
  case notDAF(file: String, found: String)
  case unsupportedByteOrder(file: String, format: String)
  case malformedKernel(file: String, reason: String)
  case unsupportedSegmentType(file: String, type: Int)
  case bodyNotInKernel(body: Int, available: [Int])
  case outOfCoverage(body: Int, julianDate: Double, coverage: ClosedRange<Double>)
  case malformedDataset(file: String, line: Int, reason: String)
  case invalidArgument(String)

  /// Quotes file bytes and user text: escaped, so that control characters never reach a
  /// terminal raw.
  public var description: String { TerminalText.escaped(text) }

  private var text: String {
    switch self {
    case .unreadable(let file, let reason): "\(file): cannot read: \(reason)"
    case .notDAF(let file, let found):
      "\(file): not a JPL DAF/SPK kernel (file starts with '\(found)', expected 'DAF/SPK')"
    case .unsupportedByteOrder(let file, let format):
      "\(file): byte order '\(format)' is not supported (only LTL-IEEE, little-endian, kernels are read; convert with NAIF's toxfr/tobin)"
    case .malformedKernel(let file, let reason): "\(file): malformed kernel: \(reason)"
    case .unsupportedSegmentType(let file, let type):
      "\(file): SPK segment type \(type) is not supported (types 2 and 3 are)"
    case .bodyNotInKernel(let body, let available):
      "body \(body) is not in the kernel; it has \(available.map(String.init).joined(separator: ", "))"
    case .outOfCoverage(let body, let jd, let coverage):
      "epoch JD \(jd) TDB is outside the kernel's coverage for body \(body) (JD \(coverage.lowerBound) to \(coverage.upperBound))"
    case .malformedDataset(let file, let line, let reason): "\(file):\(line): \(reason)"
    case .invalidArgument(let message): message
    }
  }
}
