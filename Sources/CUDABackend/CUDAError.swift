/// Why the CUDA backend could not start or a CUDA call failed. Every message names the library
/// or call, so a user can tell a missing driver from a kernel that did not compile.
public enum CUDAError: Error, CustomStringConvertible, Equatable {
  /// A library is missing or too old, or there is no device.
  case unavailable(String)
  /// A driver API call returned an error: the call, the CUresult and its text.
  case driver(call: String, code: Int32, name: String, text: String)
  /// An NVRTC call other than the compilation itself failed.
  case nvrtc(call: String, text: String)
  /// NVRTC rejected the kernel source (or warned, where warnings are errors).
  case compile(architecture: String, log: String)
  /// A cuBLAS call failed.
  case cublas(call: String, status: Int32)

  public var description: String {
    switch self {
    case .unavailable(let reason): return "CUDA unavailable: \(reason)"
    case .driver(let call, let code, let name, let text): return "\(call) failed: \(name) (\(code)): \(text)"
    case .nvrtc(let call, let text): return "\(call) failed: \(text)"
    case .compile(let architecture, let log): return "NVRTC could not compile the kernels for \(architecture):\n\(log)"
    case .cublas(let call, let status): return "\(call) failed with cuBLAS status \(status)"
    }
  }
}
