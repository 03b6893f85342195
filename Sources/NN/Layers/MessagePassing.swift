import TensorCore

/// Directed edges between nodes: edge e carries a message from `senders[e]` to `receivers[e]`.
public struct Graph {
  public let nodeCount: Int
  public let senders: Indices
  public let receivers: Indices

  public init(nodeCount: Int, senders: [Int], receivers: [Int], on backend: Backend = CPUBackend.shared) {
    precondition(senders.count == receivers.count, "Graph: \(senders.count) senders for \(receivers.count) receivers")
    precondition(
      (senders + receivers).allSatisfy { (0..<nodeCount).contains($0) },
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

/// One round of message passing, in PyG's shape (`torch_geometric.nn.MessagePassing`; Gilmer et
/// al. 2017, Battaglia et al. 2018): `propagate` runs `message` on every edge, `aggregate` into the
/// receivers, then `update` at every node.
///
///     mₑ = message(input)ₑ                           one per directed edge, [B, E, M]
///     aᵢ = Σ_{e: receiver(e) = i} mₑ                 the default aggregate, [B, N, M]
///     x'ᵢ = update(aᵢ, input)ᵢ                       the default update: aᵢ itself
///
/// A layer supplies `message` and, where it needs them, its own aggregate or update. `Input` is
/// whatever its messages are computed from: node features, edge features, or both.
public protocol MessagePassing {
  associatedtype Input
  /// Messages [B, E, M], edge e's from `graph.senders[e]` to `graph.receivers[e]`.
  func message(_ input: Input, over graph: Graph, context: ForwardContext) -> Tensor
  /// The messages [B, E, M] combined at each node, [B, N, M].
  func aggregate(_ messages: Tensor, over graph: Graph) -> Tensor
  /// A node's new value from its aggregate [B, N, M] and the input.
  func update(_ aggregated: Tensor, _ input: Input, context: ForwardContext) -> Tensor
}

extension MessagePassing {
  /// Sums the messages into their receivers.
  public func aggregate(_ messages: Tensor, over graph: Graph) -> Tensor {
    precondition(
      messages.rank == 3 && messages.shape[1] == graph.edgeCount,
      "MessagePassing.aggregate: messages must be [B, \(graph.edgeCount), M], got \(messages.shape)")
    return messages.scatterAdding(graph.receivers, alongAxis: 1, size: graph.nodeCount)
  }

  /// The aggregate itself.
  public func update(_ aggregated: Tensor, _ input: Input, context: ForwardContext) -> Tensor { aggregated }

  /// message → aggregate → update.
  public func propagate(_ input: Input, over graph: Graph, context: ForwardContext = .inference) -> Tensor {
    update(aggregate(message(input, over: graph, context: context), over: graph), input, context: context)
  }
}

/// Message passing with an MLP for each step (PyG's `MetaLayer` edge and node models):
///
///     mₑ = φ(x_sender(e), x_receiver(e), eₑ)          message per edge
///     aᵢ = Σ_{e: receiver(e) = i} mₑ                  sum into the receiver
///     x'ᵢ = γ(xᵢ, aᵢ)                                 node update
///
/// Shapes, batched over a leading axis B (time steps): nodes [B, N, F], edge features
/// [B, E, G] (or none), messages [B, E, M], output [B, N, out]. Without an update network the
/// output is the aggregate aᵢ itself.
public struct MLPMessagePassing: Layer, MessagePassing {
  public var messageNetwork: Sequential
  public var updateNetwork: Sequential?

  public init(message: Sequential, update: Sequential? = nil) {
    messageNetwork = message
    updateNetwork = update
  }

  public var parameters: [Tensor] {
    get { messageNetwork.parameters + (updateNetwork?.parameters ?? []) }
    set {
      let n = messageNetwork.parameters.count
      messageNetwork.parameters = Array(newValue.prefix(n))
      updateNetwork?.parameters = Array(newValue.dropFirst(n))
    }
  }

  public var parameterNames: [String] {
    messageNetwork.parameterNames.map { "message.\($0)" } + (updateNetwork?.parameterNames.map { "update.\($0)" } ?? [])
  }

  /// Node features [B, N, F] and, optionally, edge features [B, E, G].
  public typealias Input = (nodes: Tensor, edgeFeatures: Tensor?)

  /// φ on [x_sender, x_receiver, eₑ]: per-edge messages [B, E, M].
  public func message(_ input: Input, over graph: Graph, context: ForwardContext) -> Tensor {
    let (nodes, edgeFeatures) = input
    precondition(
      nodes.rank == 3 && nodes.shape[1] == graph.nodeCount,
      "MLPMessagePassing: nodes must be [B, \(graph.nodeCount), F], got \(nodes.shape)")
    let senders = nodes.gathering(graph.senders, alongAxis: 1)
    let receivers = nodes.gathering(graph.receivers, alongAxis: 1)
    let inputs = Tensor.concatenate([senders, receivers] + (edgeFeatures.map { [$0] } ?? []), alongAxis: -1)
    return messageNetwork(inputs, context: context)
  }

  /// γ on [xᵢ, aᵢ], or aᵢ without an update network.
  public func update(_ aggregated: Tensor, _ input: Input, context: ForwardContext) -> Tensor {
    guard let updateNetwork else { return aggregated }
    return updateNetwork(Tensor.concatenate([input.nodes, aggregated], alongAxis: -1), context: context)
  }

  public func callAsFunction(
    _ nodes: Tensor, graph: Graph, edgeFeatures: Tensor? = nil,
    context: ForwardContext = .inference
  ) -> Tensor {
    propagate((nodes, edgeFeatures), over: graph, context: context)
  }

  /// As a `Layer` on node features alone it needs its graph; use `callAsFunction(_:graph:)`.
  public func callAsFunction(_ input: Tensor, context: ForwardContext) -> Tensor {
    preconditionFailure("MLPMessagePassing: call with a graph, layer(nodes, graph: g)")
  }
}
