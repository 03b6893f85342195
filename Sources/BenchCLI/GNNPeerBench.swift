import ArgumentParser
import CUDABackend
import CommandSupport
import Foundation
import NN
import Orbits
import PeerRandom
import ShippedData
import TensorCore

/// `gnn_orbits.py` reproduced with Gravitas's own library, in Float32: 10 bodies of the DE421
/// kernel every 2 h from 2000-01-01 (accelerations by central differences of the kernel's
/// velocities, au and au yr⁻²), 90 directed edges sender-major, edge MLP 6-128-128-128-3 SiLU
/// on [d, |d|, log m_s, log m_r] with d = x_receiver − x_sender, messages summed at the
/// receiver, per-body scaled MSE, Adam 1e-3, batches of 256 in the peer's portable order, and
/// the peer's splitmix64 initial weights.
struct GNNPeerBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gnn-peer", abstract: "The peer orbital GNN workload (gnn_orbits.py), checked and timed.")

  @Option(help: "SPK kernel (default: the shipped DE421 excerpt).") var kernel: String?
  @Flag(help: "The peer's --quick run (2,048 steps), checked against its published losses.") var quick = false
  @Option(help: "Time steps (default 70,000; 2,048 with --quick).") var steps: Int?
  @Option(help: "Epochs.") var epochs: Int = 1
  @Option(help: "Compute device (the peer's --device).") var device: ComputeDevice = .cpu

  /// `gnn_orbits.py --quick` (shared/bench/peers/README.md): first and last batch loss, full-data loss.
  static let quickLosses = (first: 221016.578125, last: 8335.013671875, full: 20749.9619)
  static let bodies = [10, 199, 299, 399, 301, 4, 5, 6, 7, 8]
  static let kilometresPerAU = 149_597_870.6996262
  static let secondsPerYear = 365.25 * 86_400.0

  func run() throws {
    let start = Date()
    let (backend, deviceSummary) = try device.makeBackend()
    print(deviceSummary)
    let count = steps ?? (quick ? 2048 : 70_000)
    let (positions, accelerations) = try Self.data(
      kernel: kernel ?? ShippedData().file("de421_1980_2030.bsp", fileOption: "--kernel").path, steps: count)
    let n = Self.bodies.count
    let loadSeconds = Date().timeIntervalSince(start)

    // Per-body RMS of the true acceleration components, in Float64 as the peer computes it.
    var meanSquare = [Double](repeating: 0, count: n)
    for (i, a) in accelerations.enumerated() { meanSquare[(i / 3) % n] += a * a }
    let inverseScale = meanSquare.map { Float(1 / ($0 / Double(3 * count)).squareRoot()) }
    let x = Tensor(shape: [count, n, 3], floats: positions.map(Float.init), on: backend)
    let y = Tensor(shape: [count, n, 3], floats: accelerations.map(Float.init), on: backend)
    let weights = Tensor(shape: [1, n, 1], floats: inverseScale, on: backend)

    var model = PeerGNN(bodies: n, hidden: 128, on: backend)
    var adam = Adam(for: model.parameters, learningRate: 1e-3)
    func loss(_ m: PeerGNN, _ rows: Indices) -> Tensor {
      let e = (m(x.gathering(rows, alongAxis: 0)) - y.gathering(rows, alongAxis: 0)) * weights
      return (e * e).mean()
    }
    var epochSeconds: [Double] = []
    var batchLosses: [Float] = []
    for epoch in 0..<epochs {
      let order = PeerStream.permutation(seed: UInt64(100 + epoch), count: count)
      batchLosses = []
      let t0 = Date()
      for b in stride(from: 0, to: count, by: 256) {
        let rows = Indices(Array(order[b..<min(b + 256, count)]), on: backend)
        let (value, gradients) = valueAndGradient(at: model.parameters) { p in loss(model.with(parameters: p), rows) }
        var p = model.parameters
        adam.update(&p, along: gradients)
        model.parameters = p
        batchLosses.append(value.floats[0])
      }
      epochSeconds.append(Date().timeIntervalSince(t0))
    }
    // The peer sums Float32 errors in Float64 over the whole data.
    var total = 0.0
    for b in stride(from: 0, to: count, by: 256) {
      let rows = Indices(Array(b..<min(b + 256, count)), on: backend)
      let e = (model(x.gathering(rows, alongAxis: 0)) - y.gathering(rows, alongAxis: 0)) * weights
      total += e.floats.reduce(0.0) { $0 + Double($1) * Double($1) }
    }
    let fullLoss = total / Double(count * n * 3)
    let (first, last) = (Double(batchLosses.first!), Double(batchLosses.last!))
    if quick && steps == nil && epochs == 1 {
      let expected = Self.quickLosses
      let worst = [abs(first / expected.first - 1), abs(last / expected.last - 1), abs(fullLoss / expected.full - 1)]
        .max()!
      print(
        "quick check against gnn_orbits.py: first \(first) (\(expected.first)), last \(last) (\(expected.last)), "
          + "full \(fullLoss) (\(expected.full)); largest relative difference \(worst) (tolerance 1e-4): \(worst <= 1e-4 ? "ok" : "MISMATCH")"
      )
      if worst > 1e-4 { throw ExitCode(1) }
    }
    emit([
      "bench": "gnn-peer", "device": backend.name, "quick": quick, "time_steps": count, "bodies": n,
      "edges": n * (n - 1), "batch": 256,
      "epochs": epochs, "load_s": loadSeconds, "seconds_per_epoch": epochSeconds.reduce(0, +) / Double(epochs),
      "first_batch_loss_last_epoch": first, "last_batch_loss": last, "final_loss_full_data": fullLoss,
      "wall_s": Date().timeIntervalSince(start),
    ])
  }

  /// Positions (au) and central-difference accelerations (au yr⁻²) at `steps` interior epochs.
  static func data(kernel path: String, steps: Int) throws -> (positions: [Double], accelerations: [Double]) {
    let spk = try SPKKernel(contentsOf: URL(fileURLWithPath: path))
    let grid = (0..<(steps + 2)).map { 2_451_544.5 + Double($0) * (2.0 / 24) }
    let states = try spk.dataset(bodies: bodies.map { EphemerisBody(id: $0, name: "\($0)") }, epochs: grid)
      .withCentralDifferenceAccelerations().epochs(in: grid[1]..<grid[steps + 1])  // the interior, as the peer's
    let factor = secondsPerYear * secondsPerYear / kilometresPerAU
    return (states.positions.map { $0 / kilometresPerAU }, states.accelerations!.map { $0 * factor })
  }
}

/// The peer's model: one edge MLP over all directed edges, messages summed at the receiver
/// (`MessagePassing`'s default aggregate), no node update.
struct PeerGNN: Layer, MessagePassing {
  var mlp: Sequential
  var logMasses: Tensor
  /// The peer's edge order, sender-major.
  let graph: Graph

  init(bodies n: Int, hidden: Int, on backend: Backend) {
    var stream = PeerStream(seed: 7)
    var layers: [any Layer] = []
    for (j, (out, fanIn)) in [(hidden, 6), (hidden, hidden), (hidden, hidden), (3, hidden)].enumerated() {
      let bound = 1 / Double(fanIn).squareRoot()
      let w = (0..<(out * fanIn)).map { _ in Float(bound * (2 * stream.uniform() - 1)) }
      let b = (0..<out).map { _ in Float(bound * (2 * stream.uniform() - 1)) }
      layers.append(
        Linear(
          weight: Tensor(shape: [out, fanIn], floats: w, on: backend),
          bias: Tensor(shape: [out], floats: b, on: backend)))
      if j < 3 { layers.append(ActivationLayer(.silu)) }
    }
    mlp = Sequential(layers)
    logMasses = Tensor(shape: [n], floats: [Float](repeating: 0, count: n), on: backend)
    graph = Graph.complete(nodeCount: n, on: backend)
  }

  var parameters: [Tensor] {
    get { [logMasses] + mlp.parameters }
    set {
      logMasses = newValue[0]
      mlp.parameters = Array(newValue.dropFirst())
    }
  }
  var parameterNames: [String] { ["logm"] + mlp.parameterNames.map { "mlp.\($0)" } }

  /// The MLP on the peer's inputs [d, |d|, log m_s, log m_r], d from sender to receiver;
  /// positions [B, N, 3] in, messages [B, E, 3] out.
  func message(_ positions: Tensor, over graph: Graph, context: ForwardContext) -> Tensor {
    let (b, e) = (positions.shape[0], graph.edgeCount)
    let d = positions.gathering(graph.receivers, alongAxis: 1) - positions.gathering(graph.senders, alongAxis: 1)
    let distance = sqrt((d * d).sum(alongAxes: [2], keepingDimensions: true))
    let massOf = { (ends: Indices) in self.logMasses.gathering(ends).reshaped(to: [1, e, 1]).expanded(to: [b, e, 1]) }
    return mlp(
      Tensor.concatenate([d, distance, massOf(graph.senders), massOf(graph.receivers)], alongAxis: 2), context: context)
  }

  func callAsFunction(_ positions: Tensor, context: ForwardContext) -> Tensor {
    propagate(positions, over: graph, context: context)
  }
}
