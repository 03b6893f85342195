import ArgumentParser
import CUDABackend
import CommandSupport
import Foundation
import TensorCore

/// The backend's primitives at the sizes the GNN peer workload runs them (a batch of 256 time
/// steps, 90 edges, 10 bodies, hidden width 128, Float32), one JSON line each with µs per call;
/// `bench/torch_primitives.py` times the same calls in PyTorch, on the CPU or a GPU.
struct PrimitivesBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "primitives", abstract: "Elementwise, reduction, gather, scatter-add and matmul at GNN sizes.")

  @Option(help: "Compute device.") var device: ComputeDevice = .cpu
  @Option(help: "Timed calls per primitive.") var repeats: Int = 50

  func run() throws {
    let (backend, summary) = try device.makeBackend()
    print(summary)
    var generator = RandomGenerator(seed: 1)
    func tensor(_ shape: [Int]) -> Tensor {
      Tensor.uniform(shape, low: -2, high: 2, dtype: .float32, using: &generator, on: backend)
    }
    let (steps, edges, bodies, width) = (256, 90, 10, 128)
    let rows = steps * edges
    let activations = tensor([rows, width])
    let other = tensor([rows, width])
    let bias = tensor([width])
    let weights = tensor([width, width])
    let messages = tensor([steps, edges, 3])
    let wide = tensor([steps, edges, width])
    let positions = tensor([steps, bodies, 3])
    let receivers = Indices((0..<bodies).flatMap { s in (0..<bodies).filter { $0 != s } }, on: backend)

    let cases: [(String, () -> Tensor)] = [
      ("add [23040,128] + [23040,128]", { activations + other }),
      ("add bias [23040,128] + [128]", { activations + bias }),
      ("silu [23040,128]", { silu(activations) }),
      ("sum over rows [23040,128] -> [128]", { activations.sum(alongAxes: [0]) }),
      ("gather [256,10,3] -> [256,90,3]", { positions.gathering(receivers, alongAxis: 1) }),
      ("scatter-add [256,90,3] -> [256,10,3]", { messages.scatterAdding(receivers, alongAxis: 1, size: bodies) }),
      ("scatter-add [256,90,128] -> [256,10,128]", { wide.scatterAdding(receivers, alongAxis: 1, size: bodies) }),
      ("matmul [23040,128] x [128,128]", { matmul(activations, weights) }),
    ]
    for (name, body) in cases {
      let m = Measurement.of(repeats: 5, warmup: 1) {
        for _ in 0..<repeats { _ = body() }
        (backend as? CUDABackend)?.synchronize()  // kernels are queued: wait for them
      }
      emit([
        "bench": "primitives", "device": backend.name, "op": name, "us_per_call": m.median / Double(repeats) * 1e6,
        "best_us_per_call": m.best / Double(repeats) * 1e6,
      ])
    }
  }
}
