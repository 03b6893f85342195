/// Sets the optimizer's learning rate at the start of each epoch from a schedule, or after
/// validation from reduce-on-plateau.
public final class LearningRateCallback: TrainingCallback {
  private let schedule: (any LearningRateSchedule)?
  private var plateau: ReduceOnPlateau?

  public init(schedule: any LearningRateSchedule) {
    self.schedule = schedule
    plateau = nil
  }

  public init(plateau: ReduceOnPlateau) {
    schedule = nil
    self.plateau = plateau
  }

  public func handle<Model: Layer>(_ event: TrainingEvent, _ loop: TrainingLoop<Model>) {
    if event == .epochStart, let schedule {
      loop.optimizer.learningRate = schedule.learningRate(atEpoch: loop.epoch)
      loop.history[loop.history.count - 1].learningRate = loop.optimizer.learningRate
    }
    if event == .validationEnd, plateau != nil, let m = loop.current {
      loop.optimizer.learningRate = plateau!.step(loss: m.validationLoss ?? m.trainingLoss)
    }
  }
}
