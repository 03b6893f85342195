import NN

/// Keeps `cosmo gather` from training: a fold it rebuilds from a shard's checkpoints must need
/// no further epoch (a shard killed mid-fold is resumed as a shard, not finished by the gather).
final class RefuseTraining: TrainingCallback {
  let fold: Int

  init(fold: Int) { self.fold = fold }

  func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) throws {
    guard event == .epochStart else { return }
    throw CosmologyError.fit(
      reason: "fold \(fold) is unfinished: its checkpoint ends at epoch \(loop.history.count - 1) "
        + "of 0…\(loop.epochs - 1); finish its shard with --resume first")
  }
}
