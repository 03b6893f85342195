import Cosmology
import Foundation
import GNN
import NN
import Runs
import TensorCore

/// A small `cosmo fit` run folder and a small `gnn train` one, written by the library's own
/// writers: the seeds of the checkpoint and run-folder targets.
struct RunSeeds {
  var cosmoConfig: [UInt8], cosmoReport: [UInt8], cosmoCheckpoint: [UInt8]
  var gnnConfig: [UInt8], gnnCheckpoint: [UInt8]
  let files = ScratchFiles()

  init() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gravitas-fuzz-seeds-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try RunDirectory(folder.appendingPathComponent("cosmo"))
    var fitConfig = CosmoFitConfig()
    (fitConfig.folds, fitConfig.hidden, fitConfig.epochs) = (1, [4], 10)
    try fitConfig.write(to: run.config)
    let report = #"""
      {"command": "cosmo fit", "version": 1, "covariance": {"kind": "diagonal"}, "cv_chi2_per_n": 0.45,
       "data": {"path": "Data/Pantheon+SH0ES.dat", "sha256": "0"}, "features": [], "lcdm_cv_chi2_per_n": 0.45,
       "folds": [{"fold": 0, "train_rows": 10, "val_rows": 5, "train_chi2_per_n": 0.4, "val_chi2_per_n": 0.5, "epochs_run": 10,
                  "best_epoch": 9, "overfit_onset_epoch": null, "validation_minimum_epoch": 9, "overfitting": "none"}],
       "lcdm": {"omega_m": 0.35, "omega_m_lo": 0.33, "omega_m_hi": 0.37, "chi2": 7, "dof": 13, "rows": 15, "offset_mag": 43.1,
                "linear_terms": {}},
       "mean_slopes": {"zCMB": 2.1}, "notes": [], "redshift_input": "zCMB", "rows": 15, "seconds": 1, "target": "m_b_corr"}
      """#
    try CosmoFitReport.decode(Data(report.utf8), file: "seed report.json").write(to: run.report)
    let ensemble = BatchedEnsemble(widths: [1, 4, 1], members: [0, 1], activation: .tanh)
    let architecture =
      #"{"activation":"tanh","command":"cosmo fit fold","dropout":0,"fold":0,"members":2,"seed":1,"#
      + #""standardisation":{"inputMean":[-0.52],"inputScale":[0.41],"targetMean":22.1,"targetScale":2.3},"version":1,"widths":[1,4,1]}"#
    let checkpointURL = run.checkpoints.appendingPathComponent("fold-0/best.safetensors")
    try FileManager.default.createDirectory(
      at: checkpointURL.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Checkpoint(model: ensemble, metadata: [FoldArchitecture.metadataKey: architecture]).write(to: checkpointURL)
    cosmoConfig = try read(run.config)
    cosmoReport = try read(run.report)
    cosmoCheckpoint = try read(checkpointURL)

    var generator = RandomGenerator(seed: 1)
    let graph = GravityGraph(bodyCount: 3, referenceBody: 0, logDistanceMean: 19.5, logDistanceScale: 1.2)
    let network = GravityNetwork(graph: graph, hidden: [8, 8], forceOffset: -20, generator: &generator)
    var options = GravityTrainingOptions()
    options.hidden = [8, 8]
    options.seed = 1
    let config = GravityRunConfig(
      source: .init(
        data: "Data/de421_1980_2030.bsp", bodies: "sun,earth,moon", gm: "", start: "1980-01-01",
        stop: "2014-12-31", step: "1", validateFrom: "2015-01-01", testFrom: "2022-01-01"),
      model: network, options: options)
    let gnn = folder.appendingPathComponent("gnn")
    try FileManager.default.createDirectory(at: gnn, withIntermediateDirectories: true)
    try config.write(to: gnn.appendingPathComponent("config.json"))
    try Checkpoint(model: network).write(to: gnn.appendingPathComponent("best.safetensors"))
    gnnConfig = try read(gnn.appendingPathComponent("config.json"))
    gnnCheckpoint = try read(gnn.appendingPathComponent("best.safetensors"))
  }

  /// Writes a cosmo run folder with these files under `folder` and reads it back as `cosmo
  /// evaluate` and `predict` do; nil when the reader refused it.
  func cosmoRun(config: [UInt8], report: [UInt8], checkpoint: [UInt8], in folder: URL) throws -> TrainedRun? {
    try files.place(config, at: folder.appendingPathComponent("config.json"), isSeed: config == cosmoConfig)
    try files.place(report, at: folder.appendingPathComponent("report.json"), isSeed: report == cosmoReport)
    try files.place(
      checkpoint, at: folder.appendingPathComponent("checkpoints/fold-0/best.safetensors"),
      isSeed: checkpoint == cosmoCheckpoint)
    return try? TrainedRun(folder)
  }

  /// What `cosmo evaluate` relies on once a run has loaded.
  static func requireUsable(_ run: TrainedRun) throws {
    try require(!run.folds.isEmpty, "no folds")
    for (k, fold) in run.folds.enumerated() {
      let model = fold.model
      for parameter in model.parameters { try requireFinite(parameter.scalars, "fold \(k) parameter") }
      let s = fold.standardisation
      try require(
        s.inputMean.count == model.widths[0] && s.inputScale.count == model.widths[0],
        "fold \(k): standardisation width")
      try requireFinite(s.inputMean + s.inputScale + [s.targetMean, s.targetScale], "fold \(k) standardisation")
      try require((s.inputScale + [s.targetScale]).allSatisfy { $0 > 0 }, "fold \(k): a scale ≤ 0")
      let probe = model(
        Tensor(shape: [2, model.widths[0]], scalars: [Double](repeating: 0.25, count: 2 * model.widths[0])))
      try requireFinite(probe.scalars, "fold \(k) prediction")
    }
  }

  /// Reads a gnn run's config and builds its network from the checkpoint, as `gnn evaluate` does.
  func gnnModel(config: [UInt8], checkpoint: [UInt8], in folder: URL) throws -> GravityNetwork? {
    try files.place(config, at: folder.appendingPathComponent("config.json"), isSeed: config == gnnConfig)
    try files.place(
      checkpoint, at: folder.appendingPathComponent("best.safetensors"), isSeed: checkpoint == gnnCheckpoint)
    guard let config = try? GravityRunConfig.read(from: folder.appendingPathComponent("config.json")) else {
      return nil
    }
    return try? config.model(from: folder.appendingPathComponent("best.safetensors"))
  }

  static func requireUsable(_ network: GravityNetwork) throws {
    for parameter in network.parameters { try requireFinite(parameter.scalars, "gnn parameter") }
    let graph = network.graph
    try require(
      graph.bodyCount >= 2 && graph.firstBody.count == graph.bodyCount * (graph.bodyCount - 1) / 2, "graph edges")
    try require(
      graph.firstBody.allSatisfy { (0..<graph.bodyCount).contains($0) }
        && graph.secondBody.allSatisfy { (0..<graph.bodyCount).contains($0) },
      "edge endpoints outside the graph")
    try require(
      network.scaledLogMasses.count == graph.bodyCount - 1, "log-masses for \(network.scaledLogMasses.count) bodies")
    try requireFinite(
      [network.forceOffset, network.forceScale, graph.logDistanceMean, graph.logDistanceScale], "gnn scalars")
  }
}

/// safetensors checkpoints: a cosmo fold's best ensemble and a gnn network, each loaded as the
/// commands that read them do.
struct CheckpointTarget: FuzzTarget {
  let name = "checkpoint"
  let slots: [(seeds: [[UInt8]], format: Mutator.Format)]
  let seeds: RunSeeds

  init() throws {
    seeds = try RunSeeds()
    slots = [([seeds.cosmoCheckpoint], .binary), ([seeds.gnnCheckpoint], .binary)]
  }

  func run(_ input: FuzzInput, in scratch: URL) throws -> Verdict {
    if input.slot == 0 {
      guard
        let run = try seeds.cosmoRun(
          config: seeds.cosmoConfig, report: seeds.cosmoReport, checkpoint: input.bytes,
          in: scratch.appendingPathComponent("cosmo"))
      else { return .rejected }
      try RunSeeds.requireUsable(run)
    } else {
      guard
        let network = try seeds.gnnModel(
          config: seeds.gnnConfig, checkpoint: input.bytes, in: scratch.appendingPathComponent("gnn"))
      else { return .rejected }
      try RunSeeds.requireUsable(network)
    }
    return .accepted
  }
}

/// A run folder's JSON: cosmo's config.json and report.json, gnn's config.json, timing.json.
struct RunFolderTarget: FuzzTarget {
  let name = "runfolder"
  let slots: [(seeds: [[UInt8]], format: Mutator.Format)]
  let seeds: RunSeeds

  init() throws {
    seeds = try RunSeeds()
    // timing.json as written now (several commands) and as cosmo fit wrote it before (one, unversioned).
    let timing = try RunTiming(commands: ["gnn train": .init(seconds: 3.25), "gnn discover": .init(seconds: 0.5)])
      .encoded()
    let singleTiming = Data("{\n  \"command\" : \"cosmo fit\",\n  \"seconds\" : 0.75\n}\n".utf8)
    slots = [
      ([seeds.cosmoConfig], .text), ([seeds.cosmoReport], .text), ([seeds.gnnConfig], .text),
      ([Array(timing), Array(singleTiming)], .text),
    ]
  }

  func run(_ input: FuzzInput, in scratch: URL) throws -> Verdict {
    if input.slot < 2 {
      let config = input.slot == 0 ? input.bytes : seeds.cosmoConfig
      let report = input.slot == 1 ? input.bytes : seeds.cosmoReport
      guard
        let run = try seeds.cosmoRun(
          config: config, report: report, checkpoint: seeds.cosmoCheckpoint,
          in: scratch.appendingPathComponent("cosmo"))
      else { return .rejected }
      try RunSeeds.requireUsable(run)
      let options = run.options()
      try require(options.folds == run.folds.count && options.ensemble >= 1, "options disagree with the folds")
    } else if input.slot == 3 {
      // A timing.json that reads is written back as the same entries, every one finite.
      let timing = try RunTiming.decode(Data(input.bytes), file: "timing.json")
      try require(timing.commands.values.allSatisfy { $0.seconds.isFinite }, "a non-finite wall time")
      let again = try? RunTiming.decode(try timing.encoded(), file: "timing.json")
      try require(again == timing, "timing.json does not read back as written")
    } else {
      guard
        let network = try seeds.gnnModel(
          config: input.bytes, checkpoint: seeds.gnnCheckpoint, in: scratch.appendingPathComponent("gnn"))
      else { return .rejected }
      try RunSeeds.requireUsable(network)
    }
    return .accepted
  }
}
