import TensorCore

/// What `--device` names: `cpu` (the default everywhere, so a run is reproducible wherever it
/// goes), `cuda` or `cuda:N` (fails with one clear line when there is no usable GPU), or `auto`
/// (CUDA when it works, else the CPU, saying which).
public enum ComputeDevice: Equatable, Sendable, CustomStringConvertible {
  case cpu
  case cuda(ordinal: Int)
  case auto

  public init(parsing text: String) throws {
    switch text.lowercased() {
    case "cpu": self = .cpu
    case "cuda", "gpu": self = .cuda(ordinal: 0)
    case "auto": self = .auto
    case let name where name.hasPrefix("cuda:"):
      guard let ordinal = Int(name.dropFirst(5)), ordinal >= 0 else { throw DeviceError.unknown(text) }
      self = .cuda(ordinal: ordinal)
    default: throw DeviceError.unknown(text)
    }
  }

  public var description: String {
    switch self {
    case .cpu: "cpu"
    case .cuda(let ordinal): "cuda:\(ordinal)"
    case .auto: "auto"
    }
  }

  /// The backend to run on, and a line saying which device that is (for the user to see).
  public func makeBackend() throws -> (backend: Backend, summary: String) {
    switch self {
    case .cpu:
      return (CPUBackend.shared, "device: cpu")
    case .cuda(let ordinal):
      do {
        let backend = try CUDABackend(ordinal: ordinal)
        return (backend, "device: \(backend.name) (\(backend.deviceDescription))")
      } catch let error as CUDAError {
        throw DeviceError.unavailable(device: description, reason: error)
      }
    case .auto:
      do {
        let backend = try CUDABackend()
        return (backend, "device: \(backend.name) (\(backend.deviceDescription)), chosen by --device auto")
      } catch {
        return (CPUBackend.shared, "device: cpu, chosen by --device auto (\(DeviceError.firstLine(of: error)))")
      }
    }
  }
}

/// A `--device` that cannot be used.
public enum DeviceError: Error, CustomStringConvertible, Equatable {
  case unknown(String)
  case unavailable(device: String, reason: CUDAError)

  public var description: String {
    switch self {
    case .unknown(let text): "--device \(text): unknown device (use cpu, cuda, cuda:N or auto)"
    case .unavailable(let device, let reason): "--device \(device): \(Self.firstLine(of: reason))"
    }
  }

  /// CLI errors are one line; a compiler log's further lines are counted, not printed.
  static func firstLine(of error: Error) -> String {
    let lines = "\(error)".split(separator: "\n", omittingEmptySubsequences: true)
    guard let first = lines.first else { return "" }
    return lines.count == 1
      ? String(first) : "\(first) (\(lines.count - 1) more lines: run gravitas-selftest for the whole log)"
  }
}
