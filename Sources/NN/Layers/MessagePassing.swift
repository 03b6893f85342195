import TensorCore

/// Directed edges between nodes: edge e carries a message from `senders[e]` to `receivers[e]`.
public struct Graph {
  public let nodeCount: Int
  public let senders: Indices
  public let receivers: Indices

  public init(nodeCount: Int, senders: [Int], receivers: [Int], on backend: Backend = CPUBackend.shared) {
    precondition(senders.count == receivers.count, "Graph: \(senders.count) senders for \(receivers.count) receivers")
    precondition((senders + receivers).allSatisfy { (0..<nodeCount).contains($0) },
                 "Graph: every endpoint must be a node in 0..<\(nodeCount)")
    self.nodeCount = nodeCount
    self.senders = Indices(senders, on: backend)
    self.receivers = Indices(receivers, on: backend)
  }

  /// Every ordered pair of distinct nodes: n(n − 1) edges (gravity acts between all pairs).
  public static func complete(nodeCount n: Int, on backend: Backend = CPUBackend.shared) -> Graph {
    let pairs = (0..<n).flatMap { s in (0..<n).filter { $0 != s }.map { (s, $0) } }
    return Graph(nodeCount: n, senders: pairs.map(\.0), receivers: pairs.map(\.1), on: backend)
  }

  public var edgeCount: Int { senders.count }
}

/// One round of message passing in PyG's shape (Gilmer et al. 2017; Battaglia et al. 2018):
///
///     mₑ = φ(x_sender(e), x_receiver(e), eₑ)          message per edge
///     aᵢ = Σ_{e: receiver(e) = i} mₑ                  sum into the receiver
///     x'ᵢ = γ(xᵢ, aᵢ)                                 node update
///
/// Shapes, batched over a leading axis B (time steps): nodes [B, N, F], edge features
/// [B, E, G] (or none), messages [B, E, M], output [B, N, out]. φ and γ are MLPs; without an
/// update network the output is the aggregate aᵢ itself.
public struct MessagePassing: Layer {
  public var message: Sequential
  public var update: Sequential?

  public init(message: Sequential, update: Sequential? = nil) {
    self.message = message
    self.update = update
  }

  public var parameters: [Tensor] {
    get { message.parameters + (update?.parameters ?? []) }
    set {
      let n = message.parameters.count
      message.parameters = Array(newValue.prefix(n))
      if update != nil { update!.parameters = Array(newValue.dropFirst(n)) }
    }
  }

  public var parameterNames: [String] {
    message.parameterNames.map { "message.\($0)" } + (update?.parameterNames.map { "update.\($0)" } ?? [])
  }

  /// Per-edge messages [B, E, M].
  public func messages(_ nodes: Tensor, _ graph: Graph, edgeFeatures: Tensor? = nil, context: ForwardContext = .inference) -> Tensor {
    let senders = nodes.gathering(graph.senders, alongAxis: 1)
    let receivers = nodes.gathering(graph.receivers, alongAxis: 1)
    let inputs = Tensor.concatenate([senders, receivers] + (edgeFeatures.map { [$0] } ?? []), alongAxis: -1)
    return message(inputs, context: context)
  }

  public func callAsFunction(_ nodes: Tensor, graph: Graph, edgeFeatures: Tensor? = nil,
                             context: ForwardContext = .inference) -> Tensor {
    precondition(nodes.rank == 3 && nodes.shape[1] == graph.nodeCount,
                 "MessagePassing: nodes must be [B, \(graph.nodeCount), F], got \(nodes.shape)")
    let aggregated = messages(nodes, graph, edgeFeatures: edgeFeatures, context: context)
      .scatterAdding(graph.receivers, alongAxis: 1, size: graph.nodeCount)
    guard let update else { return aggregated }
    return update(Tensor.concatenate([nodes, aggregated], alongAxis: -1), context: context)
  }

  /// As a `Layer` on node features alone it needs its graph; use `callAsFunction(_:graph:)`.
  public func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor {
    preconditionFailure("MessagePassing: call with a graph, layer(nodes, graph: g)")
  }
}
