import CCUDA
import Foundation

/// A caching allocator: freed blocks are kept by size and handed out again, because
/// cuMemAlloc/cuMemFree synchronise the device and a training step frees and reallocates the
/// same activation sizes every batch. Reuse is safe without events because every kernel runs on
/// the backend's one stream, in order.
final class DeviceMemoryPool: @unchecked Sendable {
  private let device: CUDADevice
  private var cached: [Int: [CUdeviceptr]] = [:]
  private var cachedBytes = 0
  private let lock = NSLock()

  init(device: CUDADevice) { self.device = device }

  /// Sizes are rounded so that near sizes share blocks: 512 B steps up to 1 MiB, 2 MiB steps above.
  static func roundedSize(_ bytes: Int) -> Int {
    let step = bytes <= 1 << 20 ? 512 : 2 << 20
    return max(step, (bytes + step - 1) / step * step)
  }

  func allocate(_ bytes: Int) -> DeviceAllocation {
    let size = Self.roundedSize(bytes)
    lock.lock()
    if let pointer = cached[size]?.popLast() {
      cachedBytes -= size
      lock.unlock()
      return DeviceAllocation(pointer: pointer, bytes: size, pool: self)
    }
    lock.unlock()
    if let pointer = device.allocate(size) { return DeviceAllocation(pointer: pointer, bytes: size, pool: self) }
    // Out of memory: give the cache back to the driver and try once more.
    releaseCache()
    guard let pointer = device.allocate(size) else {
      fatalError("CUDA backend: cuMemAlloc of \(size) bytes failed: out of device memory")
    }
    return DeviceAllocation(pointer: pointer, bytes: size, pool: self)
  }

  fileprivate func recycle(_ pointer: CUdeviceptr, bytes: Int) {
    lock.lock()
    cached[bytes, default: []].append(pointer)
    cachedBytes += bytes
    lock.unlock()
  }

  /// Frees every cached block (after the stream has finished with them).
  func releaseCache() {
    device.synchronize()
    lock.lock()
    let blocks = cached.values.flatMap { $0 }
    cached = [:]
    cachedBytes = 0
    lock.unlock()
    blocks.forEach(device.free)
  }
}

/// A block of device memory, returned to the pool when the last reference goes.
final class DeviceAllocation: @unchecked Sendable {
  let pointer: CUdeviceptr
  let bytes: Int
  private let pool: DeviceMemoryPool

  init(pointer: CUdeviceptr, bytes: Int, pool: DeviceMemoryPool) {
    self.pointer = pointer
    self.bytes = bytes
    self.pool = pool
  }

  deinit { pool.recycle(pointer, bytes: bytes) }
}
