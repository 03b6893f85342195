import TensorCore

extension BatchedEnsemble {
  /// Monte Carlo dropout (Gal & Ghahramani 2016): `samples` forward passes with dropout left on
  /// at inference, each [n, M] as `callAsFunction` gives, all drawn from one stream seeded with
  /// `seed`. Pooled over members and samples (`EnsembleStatistics`) they give the spread dropout
  /// adds to the ensemble's; without dropout every sample is the plain prediction.
  public func monteCarloDropout(_ input: Tensor, samples: Int, seed: UInt64) -> [Tensor] {
    precondition(samples >= 1, "BatchedEnsemble.monteCarloDropout: samples \(samples) must be ≥ 1")
    let context = ForwardContext(training: false, keepsDropout: true, generator: RandomGenerator(seed: seed))
    return (0..<samples).map { _ in self(input, context: context) }
  }
}
