import NN
import TensorCore
import TestSupport
import XCTest

final class MessagePassingTests: XCTestCase {
  /// The identity on the sender's half of [x_sender, x_receiver]: a message is its sender's value.
  private func senderValue() -> Sequential {
    Sequential([Linear(weight: Tensor(shape: [1, 2], scalars: [1, 0]), bias: nil)])
  }

  /// A directed 4-node graph pins the direction: 0→1, 0→2, 2→1, 3→0. Node 1 receives from 0
  /// and 2, node 2 from 0, node 0 from 3, node 3 from nobody.
  func testDirectionIsSenderToReceiver() {
    let graph = Graph(nodeCount: 4, senders: [0, 0, 2, 3], receivers: [1, 2, 1, 0])
    let layer = MLPMessagePassing(message: senderValue())
    let x = Tensor(shape: [1, 4, 1], scalars: [1, 10, 100, 1000])
    XCTAssertEqual(layer(x, graph: graph).scalars, [1000, 1 + 100, 1, 0])
  }

  /// Against a plain loop over edges, batched over two time steps, with edge features and an
  /// update network; and its gradients by finite differences.
  func testMatchesLoopOverEdgesAndGradients() {
    var g = RandomGenerator(seed: 3)
    let graph = Graph.complete(nodeCount: 3)
    XCTAssertEqual(graph.edgeCount, 6)
    let layer = MLPMessagePassing(
      message: MLP(widths: [2 + 2 + 1, 4, 2], generator: &g),
      update: MLP(widths: [2 + 2, 3], generator: &g))
    let x = Tensor.uniform([2, 3, 2], low: -1, high: 1, using: &g)
    let edges = Tensor.uniform([2, 6, 1], low: -1, high: 1, using: &g)
    let out = layer(x, graph: graph, edgeFeatures: edges)
    XCTAssertEqual(out.shape, [2, 3, 3])
    // The loop: for each step and node, sum the messages of edges that end there.
    let messages = layer.message((x, edges), over: graph, context: .inference)
    var aggregated = [Double](repeating: 0, count: 2 * 3 * 2)
    for b in 0..<2 {
      for e in 0..<6 {
        let r = graph.receivers.values[e]
        for k in 0..<2 { aggregated[(b * 3 + r) * 2 + k] += messages.scalars[(b * 6 + e) * 2 + k] }
      }
    }
    let expected = layer.updateNetwork!(
      Tensor.concatenate([x, Tensor(shape: [2, 3, 2], scalars: aggregated)], alongAxis: -1))
    assertClose(out.scalars, expected.scalars, relative: 1e-14)
    checkGradient([x, edges] + layer.parameters) { p in
      layer.with(parameters: Array(p.dropFirst(2)))(p[0], graph: graph, edgeFeatures: p[1])
    }
    XCTAssertEqual(layer.parameterNames.first, "message.layers.0.weight")
  }
}
