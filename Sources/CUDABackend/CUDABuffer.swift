import CCUDA
import TensorCore

/// Tensor values in device memory.
final class CUDABuffer: DeviceBuffer {
  let count: Int
  let dtype: DType
  let memory: DeviceAllocation

  init(count: Int, dtype: DType, memory: DeviceAllocation) {
    self.count = count
    self.dtype = dtype
    self.memory = memory
  }

  var pointer: CUdeviceptr { memory.pointer }
}

/// Gather/scatter indices on the device, with what the deterministic scatter-add needs: the
/// positions stably sorted by index, and where each index's run starts (a CSR of the inverse map).
final class CUDAIndexBuffer: DeviceBuffer {
  let count: Int
  var dtype: DType { .float64 }  // unused: index buffers never enter arithmetic
  let indices: DeviceAllocation
  let order: DeviceAllocation
  let starts: DeviceAllocation
  /// One more than the largest index: rows at or past it receive nothing.
  let segments: Int

  init(count: Int, indices: DeviceAllocation, order: DeviceAllocation, starts: DeviceAllocation, segments: Int) {
    self.count = count
    self.indices = indices
    self.order = order
    self.starts = starts
    self.segments = segments
  }

  /// The counting sort behind `order` and `starts`, on the host at upload time.
  static func sortedRuns(_ indices: [Int]) -> (order: [Int64], starts: [Int64]) {
    let segments = (indices.max() ?? -1) + 1
    var starts = [Int64](repeating: 0, count: segments + 1)
    for i in indices { starts[i + 1] += 1 }
    for s in 0..<segments { starts[s + 1] += starts[s] }
    var next = starts
    var order = [Int64](repeating: 0, count: indices.count)
    for (position, i) in indices.enumerated() {
      order[Int(next[i])] = Int64(position)
      next[i] += 1
    }
    return (order, starts)
  }
}

extension DeviceBuffer {
  /// The CUDA view of a buffer; any other kind here is a bug in the caller.
  @inline(__always) var cuda: CUDABuffer {
    guard let buffer = self as? CUDABuffer else {
      preconditionFailure(
        "CUDABackend: given a \(type(of: self)); move the tensor to the GPU first (Tensor.to(backend:))")
    }
    return buffer
  }

  /// The device indices of a gather or scatter `op`; any other kind here is a bug in the caller.
  @inline(__always) func cudaIndices(for op: String) -> CUDAIndexBuffer {
    guard let buffer = self as? CUDAIndexBuffer else {
      preconditionFailure(
        "CUDABackend.\(op): indices are a \(type(of: self)), not CUDA indices (upload them with this backend)")
    }
    return buffer
  }
}
