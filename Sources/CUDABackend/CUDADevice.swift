import CCUDA
import Foundation

/// Where the CUDA entry points come from: the system's libraries (dlopen), or a table a test
/// fills with an emulator that runs the same kernel source on the host.
struct CUDALibraries {
  var driver: GravitasCUDADriver
  var loadBLAS: () throws -> GravitasCUBLAS
  /// The compiled kernel module for an architecture ("sm_90").
  var kernelImage: (String) throws -> [UInt8]

  /// libcuda, cuBLAS and NVRTC as installed (NVRTC's output cached on disk).
  static func system() throws -> CUDALibraries {
    var driver = GravitasCUDADriver()
    var error = [CChar](repeating: 0, count: 512)
    guard gravitas_load_cuda_driver(&driver, &error, error.count) == 0 else {
      throw CUDAError.unavailable(String(cString: error))
    }
    return CUDALibraries(
      driver: driver,
      loadBLAS: {
        var blas = GravitasCUBLAS()
        var error = [CChar](repeating: 0, count: 512)
        guard gravitas_load_cublas(&blas, &error, error.count) == 0 else {
          throw CUDAError.unavailable(String(cString: error))
        }
        return blas
      }, kernelImage: compiledKernels)
  }

  /// Compiles the kernels with NVRTC, or reads them from the cache.
  static func compiledKernels(architecture: String) throws -> [UInt8] {
    let nvrtc = try NVRTC()
    let cache = KernelCache(directory: KernelCache.defaultDirectory)
    let compiler = "nvrtc \(nvrtc.version.major).\(nvrtc.version.minor)"
    let key = KernelCache.key(source: KernelSource.text, architecture: architecture, compiler: compiler, options: [])
    if let cached = cache.image(for: key) { return cached }
    let image = try nvrtc.compile(KernelSource.text, name: "gravitas.cu", architecture: architecture).image
    cache.store(image, for: key)
    return image
  }
}

/// One GPU through the driver API: its primary context, a stream, the compiled kernels and
/// cuBLAS. Every driver call goes through `check` (setup, throws) or `run` (inside an op, traps),
/// and both name the call, the CUresult and its text.
final class CUDADevice: @unchecked Sendable {
  private(set) var driver = GravitasCUDADriver()
  private(set) var blas = GravitasCUBLAS()
  let ordinal: Int
  let name: String
  let computeCapability: (major: Int, minor: Int)
  private(set) var context: CUcontext?
  private(set) var stream: CUstream?
  private var blasHandle: cublasHandle_t?
  private var functions: [String: CUfunction] = [:]
  /// cuBLAS handles are not safe to share between threads in flight.
  private let blasLock = NSLock()

  init(ordinal: Int, libraries: CUDALibraries) throws {
    driver = libraries.driver
    self.ordinal = ordinal
    let d = driver
    try Self.check(d, d.cuInit!(0), "cuInit")
    var count: Int32 = 0
    try Self.check(d, d.cuDeviceGetCount!(&count), "cuDeviceGetCount")
    guard ordinal < Int(count) else {
      throw CUDAError.unavailable(
        count == 0 ? "the driver sees no GPU" : "no device \(ordinal) (the driver sees \(count))")
    }
    var device: CUdevice = 0
    try Self.check(d, d.cuDeviceGet!(&device, Int32(ordinal)), "cuDeviceGet")
    var nameBytes = [CChar](repeating: 0, count: 256)
    try Self.check(d, d.cuDeviceGetName!(&nameBytes, 256, device), "cuDeviceGetName")
    name = String(cString: nameBytes)
    var (major, minor): (Int32, Int32) = (0, 0)
    try Self.check(
      d, d.cuDeviceGetAttribute!(&major, Int32(GRAVITAS_CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR), device),
      "cuDeviceGetAttribute(major)")
    try Self.check(
      d, d.cuDeviceGetAttribute!(&minor, Int32(GRAVITAS_CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR), device),
      "cuDeviceGetAttribute(minor)")
    computeCapability = (Int(major), Int(minor))
    try Self.check(d, d.cuDevicePrimaryCtxRetain!(&context, device), "cuDevicePrimaryCtxRetain")
    try Self.check(d, d.cuCtxSetCurrent!(context), "cuCtxSetCurrent")
    try Self.check(d, d.cuStreamCreate!(&stream, 0), "cuStreamCreate")

    blas = try libraries.loadBLAS()
    try checkBLAS(blas.cublasCreate!(&blasHandle), "cublasCreate")
    try checkBLAS(blas.cublasSetStream!(blasHandle, stream), "cublasSetStream")
    try loadKernels(try libraries.kernelImage(architecture))
  }

  var architecture: String { "sm_\(computeCapability.major)\(computeCapability.minor)" }

  /// Loads the module and binds every entry point.
  private func loadKernels(_ image: [UInt8]) throws {
    var module: CUmodule?
    try image.withUnsafeBytes {
      try Self.check(driver, driver.cuModuleLoadData!(&module, $0.baseAddress), "cuModuleLoadData")
    }
    for kernel in KernelSource.kernelNames {
      var function: CUfunction?
      try Self.check(driver, driver.cuModuleGetFunction!(&function, module, kernel), "cuModuleGetFunction(\(kernel))")
      functions[kernel] = function
    }
  }

  // MARK: Checked calls

  static func check(_ driver: GravitasCUDADriver, _ result: CUresult, _ call: String) throws {
    guard result != 0 else { return }
    var (name, text): (UnsafePointer<CChar>?, UnsafePointer<CChar>?) = (nil, nil)
    _ = driver.cuGetErrorName!(result, &name)
    _ = driver.cuGetErrorString!(result, &text)
    throw CUDAError.driver(
      call: call, code: result, name: name.map { String(cString: $0) } ?? "CUDA_ERROR_UNKNOWN",
      text: text.map { String(cString: $0) } ?? "no description")
  }

  private func checkBLAS(_ status: cublasStatus_t, _ call: String) throws {
    guard status == 0 else { throw CUDAError.cublas(call: call, status: status) }
  }

  /// A driver call inside an op, where there is no one to throw to: a failure here (out of
  /// memory, a launch error) ends the process with the call named.
  func run(_ result: CUresult, _ call: @autoclosure () -> String) {
    do { try Self.check(driver, result, call()) } catch { fatalError("CUDA backend: \(error)") }
  }

  func runBLAS(_ call: String, _ body: (cublasHandle_t?) -> cublasStatus_t) {
    blasLock.lock()
    defer { blasLock.unlock() }
    makeCurrent()
    let status = body(blasHandle)
    guard status == 0 else { fatalError("CUDA backend: \(CUDAError.cublas(call: call, status: status))") }
  }

  /// The driver's current context is per thread; ops may arrive from any thread.
  func makeCurrent() { run(driver.cuCtxSetCurrent!(context), "cuCtxSetCurrent") }

  func synchronize() { run(driver.cuStreamSynchronize!(stream), "cuStreamSynchronize") }

  // MARK: Launches

  /// A kernel argument, laid out as the kernel's C parameter expects.
  enum Argument {
    case pointer(CUdeviceptr)
    case int32(Int32)
    case int64(Int64)
    case float(Float)
    case double(Double)
    /// A `Layout` struct (33 64-bit integers).
    case layout([Int64])

    var byteCount: Int {
      switch self {
      case .int32, .float: 4
      case .pointer, .int64, .double: 8
      case .layout(let values): values.count * 8
      }
    }
  }

  /// Launches `kernel` over `count` elements (a grid-stride loop covers any remainder), or with
  /// an explicit grid for the block-per-row kernels.
  func launch(_ kernel: String, count: Int, grid: Int? = nil, _ arguments: [Argument]) {
    guard let function = functions[kernel] else { fatalError("CUDA backend: no kernel named \(kernel)") }
    if count == 0 && grid == nil { return }
    let blockSize = 256
    let blocks = grid ?? min((count + blockSize - 1) / blockSize, 1 << 20)
    let storage = UnsafeMutableRawPointer.allocate(
      byteCount: arguments.reduce(0) { $0 + ($1.byteCount + 7) / 8 * 8 },
      alignment: 8)
    defer { storage.deallocate() }
    var slots: [UnsafeMutableRawPointer?] = []
    var offset = 0
    for argument in arguments {
      let slot = storage + offset
      switch argument {
      case .pointer(let p): slot.storeBytes(of: p, as: CUdeviceptr.self)
      case .int32(let v): slot.storeBytes(of: v, as: Int32.self)
      case .int64(let v): slot.storeBytes(of: v, as: Int64.self)
      case .float(let v): slot.storeBytes(of: v, as: Float.self)
      case .double(let v): slot.storeBytes(of: v, as: Double.self)
      case .layout(let values): for (k, v) in values.enumerated() { (slot + 8 * k).storeBytes(of: v, as: Int64.self) }
      }
      slots.append(slot)
      offset += (argument.byteCount + 7) / 8 * 8
    }
    makeCurrent()
    slots.withUnsafeMutableBufferPointer { parameters in
      run(
        driver.cuLaunchKernel!(
          function, UInt32(blocks), 1, 1, UInt32(blockSize), 1, 1, 0, stream,
          parameters.baseAddress, nil), "cuLaunchKernel(\(kernel))")
    }
  }

  // MARK: Memory

  func allocate(_ bytes: Int) -> CUdeviceptr? {
    makeCurrent()
    var pointer: CUdeviceptr = 0
    return driver.cuMemAlloc!(&pointer, bytes) == 0 ? pointer : nil
  }

  func free(_ pointer: CUdeviceptr) { run(driver.cuMemFree!(pointer), "cuMemFree") }

  func copyToDevice(_ destination: CUdeviceptr, from source: UnsafeRawPointer, bytes: Int) {
    guard bytes > 0 else { return }
    makeCurrent()
    run(driver.cuMemcpyHtoDAsync!(destination, source, bytes, stream), "cuMemcpyHtoDAsync")
    // The host array may be freed as soon as we return: wait for the copy.
    synchronize()
  }

  func copyToHost(_ destination: UnsafeMutableRawPointer, from source: CUdeviceptr, bytes: Int) {
    guard bytes > 0 else { return }
    makeCurrent()
    run(driver.cuMemcpyDtoHAsync!(destination, source, bytes, stream), "cuMemcpyDtoHAsync")
    synchronize()
  }

  func copyOnDevice(_ destination: CUdeviceptr, from source: CUdeviceptr, bytes: Int) {
    guard bytes > 0 else { return }
    makeCurrent()
    run(driver.cuMemcpyDtoDAsync!(destination, source, bytes, stream), "cuMemcpyDtoDAsync")
  }
}
