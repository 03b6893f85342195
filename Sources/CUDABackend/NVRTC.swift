import CCUDA
import Foundation

/// NVRTC, opened at run time: compiles CUDA C++ source to a device image without a toolkit
/// install (the pip wheel `nvidia-cuda-nvrtc-cu12` is enough).
public final class NVRTC: @unchecked Sendable {
  private var api = GravitasNVRTC()

  public init() throws {
    var error = [CChar](repeating: 0, count: 512)
    guard gravitas_load_nvrtc(&api, &error, error.count) == 0 else {
      throw CUDAError.unavailable(String(cString: error))
    }
  }

  /// The library that was opened.
  public var libraryPath: String {
    withUnsafeBytes(of: api.path) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
  }

  /// NVRTC's version, e.g. (12, 4).
  public var version: (major: Int, minor: Int) {
    var (major, minor): (Int32, Int32) = (0, 0)
    _ = api.nvrtcVersion!(&major, &minor)
    return (Int(major), Int(minor))
  }

  /// Compiles `source` for `architecture` ("sm_90": a cubin for that GPU; "compute_90": PTX).
  /// Returns the image and NVRTC's log (warnings; empty when there are none).
  public func compile(
    _ source: String, name: String, architecture: String,
    options extra: [String] = []
  ) throws -> (image: [UInt8], log: String) {
    var program: nvrtcProgram?
    try check(api.nvrtcCreateProgram!(&program, source, name, 0, nil, nil), "nvrtcCreateProgram")
    defer { _ = api.nvrtcDestroyProgram!(&program) }
    let options = ["--gpu-architecture=\(architecture)", "-std=c++17"] + extra
    let cOptions = options.map { strdup($0) }
    defer { for option in cOptions { free(option) } }
    let status = cOptions.map { UnsafePointer($0) }.withUnsafeBufferPointer {
      api.nvrtcCompileProgram!(program, Int32(options.count), $0.baseAddress)
    }
    var logSize = 0
    try check(api.nvrtcGetProgramLogSize!(program, &logSize), "nvrtcGetProgramLogSize")
    var logBytes = [CChar](repeating: 0, count: max(logSize, 1))
    try check(api.nvrtcGetProgramLog!(program, &logBytes), "nvrtcGetProgramLog")
    let log = String(cString: logBytes).trimmingCharacters(in: .whitespacesAndNewlines)
    guard status == 0 else { throw CUDAError.compile(architecture: architecture, log: log) }

    let cubin = architecture.hasPrefix("sm_")
    var size = 0
    try check(
      cubin ? api.nvrtcGetCUBINSize!(program, &size) : api.nvrtcGetPTXSize!(program, &size),
      cubin ? "nvrtcGetCUBINSize" : "nvrtcGetPTXSize")
    var image = [UInt8](repeating: 0, count: size)
    try image.withUnsafeMutableBufferPointer { buffer in
      let p = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
      try check(
        cubin ? api.nvrtcGetCUBIN!(program, p) : api.nvrtcGetPTX!(program, p), cubin ? "nvrtcGetCUBIN" : "nvrtcGetPTX")
    }
    return (image, log)
  }

  private func check(_ result: nvrtcResult, _ call: String) throws {
    guard result != 0 else { return }
    throw CUDAError.nvrtc(
      call: call, text: api.nvrtcGetErrorString!(result).map { String(cString: $0) } ?? "NVRTC error \(result)")
  }
}
