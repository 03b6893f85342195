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
    case .cublas(let call, let status):
      let (name, meaning) = Self.cublasStatus[status] ?? ("CUBLAS_STATUS_\(status)", "not a status this build knows")
      return "\(call) failed: \(name) (\(status)): \(meaning)"
    }
  }

  /// cublasStatus_t's values (cublas_api.h) with what each means for the caller.
  static let cublasStatus: [Int32: (String, String)] = [
    1: ("CUBLAS_STATUS_NOT_INITIALIZED", "the cuBLAS handle was not created"),
    3: ("CUBLAS_STATUS_ALLOC_FAILED", "cuBLAS could not allocate its workspace (device memory is full)"),
    7: ("CUBLAS_STATUS_INVALID_VALUE", "an argument is out of range (a size or leading dimension)"),
    8: ("CUBLAS_STATUS_ARCH_MISMATCH", "the device lacks a feature this call needs"),
    11: ("CUBLAS_STATUS_MAPPING_ERROR", "cuBLAS could not access device memory"),
    13: ("CUBLAS_STATUS_EXECUTION_FAILED", "the kernel failed to run on the device"),
    14: ("CUBLAS_STATUS_INTERNAL_ERROR", "an internal cuBLAS operation failed"),
    15: ("CUBLAS_STATUS_NOT_SUPPORTED", "this configuration is not supported"),
    16: ("CUBLAS_STATUS_LICENSE_ERROR", "a license check failed"),
  ]
}
