import ArgumentParser
import Foundation
import GNN
import NN
import Orbits
import Runs

/// A run directory written by `gnn train`, with its data rebuilt from the recorded source.
struct TrainedRun {
  let run: RunDirectory
  let config: GravityRunConfig
  let data: DataOptions
  let dataset: EphemerisDataset
  let training: EphemerisDataset
  let validation: EphemerisDataset
  let test: EphemerisDataset
  let model: GravityNetwork

  init(_ path: String) throws {
    run = try RunDirectory(existing: URL(fileURLWithPath: path))
    config = try GravityRunConfig.read(from: run.config)
    data = DataOptions(config.source)
    dataset = try data.load()
    (training, validation, test) = try data.split(dataset)
    model = try config.model(from: run.checkpoints.appendingPathComponent("best.safetensors"))
  }

  func split(_ d: EphemerisDataset) throws -> GravitySplit { try GravitySplit(d, graph: config.graph) }

  /// The network's masses, as GMs where the reference body's is known.
  var learnedMasses: [LearnedMass] {
    LearnedMass.records(dataset.bodies, masses: model.masses, reference: config.graph.referenceBody)
  }

  /// Where one of the run's reports (discover.json, …) is kept.
  func reportURL(_ name: String) -> URL { run.root.appendingPathComponent(name) }
}

func padded(_ text: String, _ width: Int) -> String {
  text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
}
