/// Why an op cannot run on the tensors it was given.
///
/// These are programmer errors: the ops trap with this description (naming the op and the
/// shapes). The validating functions that produce them throw, so tests and callers that want
/// to check shapes up front can do so without trapping.
public enum TensorError: Error, Equatable, CustomStringConvertible {
  case shapeMismatch(op: String, shapes: [[Int]], reason: String)
  case dtypeMismatch(op: String, dtypes: [DType])
  case backendMismatch(op: String, backends: [String])
  case invalidArgument(op: String, reason: String)

  public var description: String {
    switch self {
    case .shapeMismatch(let op, let shapes, let reason):
      return "\(op): shapes \(shapes.map { "\($0)" }.joined(separator: " and ")): \(reason)"
    case .dtypeMismatch(let op, let dtypes):
      return "\(op): dtypes \(dtypes.map(\.rawValue).joined(separator: " and ")) differ; cast one with .to(_:)"
    case .backendMismatch(let op, let backends):
      return
        "\(op): tensors live on different backends (\(backends.joined(separator: ", "))); move one with .to(backend:)"
    case .invalidArgument(let op, let reason):
      return "\(op): \(reason)"
    }
  }
}

/// Traps with the error's message: a shape mismatch is a bug in the caller, not bad data.
@inline(never)
func fail(_ error: TensorError, file: StaticString = #file, line: UInt = #line) -> Never {
  preconditionFailure(error.description, file: file, line: line)
}
