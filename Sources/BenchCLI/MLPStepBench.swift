import ArgumentParser
import Foundation
import NN
import PeerRandom
import TensorCore

/// One full-batch training step (forward, backward, Adam) of the peers' 1→32→32→1 tanh MLP in
/// Float64 with the dense covariance whitening χ² = |L⁻¹(f − y)|², for M ensemble members at
/// once: the members' predictions form an [n, M] matrix, so one triangular solve serves all.
struct MLPStepBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mlp-step",
    abstract: "µs per member-step of the peer MLP with dense whitening, by ensemble batch size.")

  @Option(help: "Ensemble members per pass.") var members: [Int] = [1, 2, 4]
  @Option(help: "Timed steps per measurement.") var steps = 200
  @Option(help: "Whitening: solve (triangular solve each step) or matmul (precomputed L⁻¹).")
  var whiten: Whitening = .solve

  enum Whitening: String, CaseIterable, ExpressibleByArgument { case solve, matmul }

  func run() throws {
    let problem = PeerProblem()
    let block = problem.trainingBlock(fold: 0, of: 5)
    let n = block.z.count
    let l = Tensor(shape: [n, n], scalars: try LAPACK.cholesky(block.covariance, n: n))
    let inverse = whiten == .matmul ? triangularSolve(l, Tensor.identity(n)) : l
    let x = standardised(block.z).reshaped(to: [n, 1])
    let yWhite = triangularSolve(l, Tensor(block.y)).reshaped(to: [n, 1])
    for m in members {
      var model = peerInitialised(widths: [1, 32, 32, 1], seeds: (0..<m).map { 1000 + UInt64($0) })
      var adam = HandAdam(parameters: model.parameters, learningRate: 1e-2)
      let step = {
        let (_, grads) = valueAndGradient(at: model.parameters) { p in
          let f = model.with(parameters: p)(x)  // [n, M]
          let r = (self.whiten == .matmul ? matmul(inverse, f) : triangularSolve(l, f)) - yWhite
          return (r * r).sum()
        }
        model.parameters = adam.update(model.parameters, grads)
      }
      let t = Measurement.of(repeats: 3) { for _ in 0..<steps { step() } }
      emit([
        "bench": "mlp-step", "whiten": whiten.rawValue, "rows": n, "members": m,
        "us_per_member_step": t.best / Double(steps * m) * 1e6,
        "us_per_step": t.best / Double(steps) * 1e6,
      ])
    }
  }

  private func standardised(_ v: [Double]) -> Tensor {
    let mean = v.reduce(0, +) / Double(v.count)
    let std = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot()
    return Tensor(v.map { ($0 - mean) / std })
  }
}

/// The peers' portable initialisation for a `BatchedEnsemble`: member m draws splitmix64 uniforms
/// from `seeds[m]`, consumed as W (row-major [out, in]) then b for each layer, each
/// bound·(2u − 1) with bound = 1/√fan_in (PyTorch's default range).
func peerInitialised(widths: [Int], seeds: [UInt64]) -> BatchedEnsemble {
  var stack = BatchedEnsemble(widths: widths, members: seeds)
  let layers = Array(zip(widths, widths.dropFirst()))
  var weights = layers.map { _ in [Double]() }
  var biases = weights
  for seed in seeds {
    let u = PeerStream.uniforms(seed: seed, count: layers.reduce(0) { $0 + $1.0 * $1.1 + $1.1 })
    var position = 0
    for (j, (fanIn, fanOut)) in layers.enumerated() {
      let bound = 1 / Double(fanIn).squareRoot()
      weights[j] += (0..<(fanOut * fanIn)).map { bound * (2 * u[position + $0] - 1) }
      position += fanOut * fanIn
      biases[j] += (0..<fanOut).map { bound * (2 * u[position + $0] - 1) }
      position += fanOut
    }
  }
  stack.parameters = layers.enumerated().flatMap { j, dims in
    [
      Tensor(shape: [seeds.count, dims.1, dims.0], scalars: weights[j]),
      Tensor(shape: [seeds.count, 1, dims.1], scalars: biases[j]),
    ]
  }
  return stack
}

/// Adam written out on tensors (β = 0.9, 0.999; ε = 1e-8), as the issue asks of this benchmark.
struct HandAdam {
  var m: [Tensor], v: [Tensor]
  var step = 0
  let learningRate: Double

  init(parameters: [Tensor], learningRate: Double) {
    m = parameters.map { Tensor.zeros($0.shape) }
    v = m
    self.learningRate = learningRate
  }

  mutating func update(_ p: [Tensor], _ g: [Tensor]) -> [Tensor] {
    step += 1
    let (c1, c2) = (1 - Foundation.pow(0.9, Double(step)), 1 - Foundation.pow(0.999, Double(step)))
    return p.indices.map { i in
      m[i] = 0.9 * m[i] + 0.1 * g[i]
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
      return p[i] - (learningRate / c1) * m[i] / (sqrt(v[i] / c2) + 1e-8)
    }
  }
}
