import TensorCore

/// N models of one architecture trained from different seeds; predictions are their mean and
/// sample standard deviation (`EnsembleStatistics`).
public struct Ensemble {
  public var members: [any Layer]

  public init(members: [any Layer]) {
    precondition(!members.isEmpty, "Ensemble: needs at least one member")
    self.members = members
  }

  /// Mean and standard deviation across members of `input`'s predictions (flattened per member).
  public func predict(_ input: Tensor) -> EnsembleStatistics {
    EnsembleStatistics(members: members.map { $0(input).scalars })
  }

  /// Monte Carlo dropout (Gal & Ghahramani 2016): `samples` forward passes of each member with
  /// dropout left on, pooled. With no dropout layers every sample is the same.
  public func predictWithDropout(_ input: Tensor, samples: Int, seed: UInt64) -> EnsembleStatistics {
    let context = ForwardContext(training: false, keepsDropout: true, generator: RandomGenerator(seed: seed))
    return EnsembleStatistics(members: members.flatMap { member in
      (0..<samples).map { _ in member(input, context: context).scalars }
    })
  }
}
