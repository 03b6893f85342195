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

  /// Reads one of the run's JSON reports.
  func report(_ name: String) throws -> [String: Any] {
    try run.readJSON(run.root.appendingPathComponent(name))
  }
}

/// GM of a body from a network mass (in units of the reference body's) and the reference's GM.
func bodyRecords(_ bodies: [EphemerisBody], masses: [Double], reference: Int) -> [[String: Any]] {
  let gmReference = bodies[reference].gm
  return bodies.enumerated().map { b, body in
    var record: [String: Any] = ["body": body.name, "id": body.id, "mass_in_reference_units": masses[b]]
    if let g = gmReference {
      record["gm"] = g * masses[b]
      if let truth = body.gm {
        record["reference"] = truth
        record["relative_error"] = abs(g * masses[b] - truth) / truth
      }
    }
    return record
  }
}

func padded(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
