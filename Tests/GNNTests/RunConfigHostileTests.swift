import Foundation
import GNN
import NN
import Orbits
import Runs
import TensorCore
import XCTest

/// A gnn run's config.json is checked before the network it describes is built: a forged
/// `hidden` used to be allocated (or trap) while building, a tampered graph to index out of range.
final class RunConfigHostileTests: XCTestCase {
  func testForgedConfigurationsAreRefusedBeforeTheNetworkIsBuilt() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gnn-config-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var generator = RandomGenerator(seed: 1)
    let graph = GravityGraph(bodyCount: 3, referenceBody: 0, logDistanceMean: 19, logDistanceScale: 1)
    let network = GravityNetwork(graph: graph, hidden: [8], forceOffset: -20, generator: &generator)
    var options = GravityTrainingOptions()
    options.hidden = [8]
    let config = GravityRunConfig(
      source: .init(
        data: "k.bsp", bodies: "sun", gm: "", start: "", stop: "", step: "1",
        validateFrom: "", testFrom: ""), model: network, options: options)
    let configURL = dir.appendingPathComponent("config.json")
    let checkpoint = dir.appendingPathComponent("best.safetensors")
    try config.write(to: configURL)
    try Checkpoint(model: network).write(to: checkpoint)
    XCTAssertEqual(
      try GravityRunConfig.read(from: configURL).model(from: checkpoint).parameters.count, network.parameters.count)

    let original = try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any] ?? [:]
    func forge(_ key: String, _ value: Any, graphKey: Bool = false) throws {
      var object = original
      if graphKey, var g = object["graph"] as? [String: Any] {
        g[key] = value
        object["graph"] = g
      } else {
        object[key] = value
      }
      try JSONSerialization.data(withJSONObject: object).write(to: configURL)
    }
    let cases: [(String, Any, Bool, String)] = [
      ("hidden", [1_000_000_000], false, "hidden widths [1000000000] out of range"),
      ("hidden", [9_223_372_036_854_775_807], false, "hidden widths [9223372036854775807] out of range"),
      ("activation", "sigmoidish", false, "unknown activation 'sigmoidish'"),
      ("firstBody", [0, 0, 7], true, "graph edges are not the 3 pairs i < j of 3 bodies"),
      ("bodyCount", 9_223_372_036_854_775_807, true, "graph.bodyCount 9223372036854775807 is not in 2…1000"),
      ("referenceBody", 5, true, "graph.referenceBody 5 is not a body"),
    ]
    for (key, value, inGraph, expected) in cases {
      try forge(key, value, graphKey: inGraph)
      XCTAssertThrowsError(try GravityRunConfig.read(from: configURL), key) {
        XCTAssertTrue("\($0)".contains(expected), "\($0)")
      }
    }
    // A claim the file's tensors do not back: 16 hidden units, a checkpoint with 8.
    try forge("hidden", [16])
    XCTAssertThrowsError(try GravityRunConfig.read(from: configURL).model(from: checkpoint)) {
      XCTAssertTrue(
        "\($0)".contains("claims separable hidden [16] for 3 bodies, 1271 parameters, but stores 1215"), "\($0)")
    }
  }

  /// A checkpoint records its run's configuration: one whose record describes another network
  /// than config.json is refused, even where the parameter counts agree (another activation
  /// loaded silently before); one with the same network, or with no record (older runs), loads.
  func testACheckpointRecordingAnotherNetworkIsRefused() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gnn-config-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var generator = RandomGenerator(seed: 1)
    let graph = GravityGraph(bodyCount: 3, referenceBody: 0, logDistanceMean: 19, logDistanceScale: 1)
    let network = GravityNetwork(graph: graph, hidden: [8], forceOffset: -20, generator: &generator)
    var options = GravityTrainingOptions()
    options.hidden = [8]
    let config = GravityRunConfig(
      source: .init(
        data: "k.bsp", bodies: "sun", gm: "", start: "", stop: "", step: "1",
        validateFrom: "", testFrom: ""), model: network, options: options)
    let checkpoint = dir.appendingPathComponent("best.safetensors")
    func save(recording recorded: GravityRunConfig?) throws {
      let metadata = try recorded.map { [GravityRunConfig.metadataKey: try $0.metadataValue()] } ?? [:]
      try Checkpoint(model: network, metadata: metadata).write(to: checkpoint)
    }
    var otherEpochs = config
    otherEpochs.epochs += 7  // not the network: loads
    for recorded in [nil, config, otherEpochs] {
      try save(recording: recorded)
      XCTAssertEqual(try config.model(from: checkpoint).parameters.map(\.scalars), network.parameters.map(\.scalars))
    }
    var otherActivation = config
    otherActivation.activation = config.activation == "relu" ? "tanh" : "relu"
    try save(recording: otherActivation)
    XCTAssertThrowsError(try config.model(from: checkpoint)) {
      XCTAssertTrue(
        "\($0)".contains(
          "best.safetensors: cannot read: holds another network than the run's config.json describes: "
            + "activation \(otherActivation.activation) (config.json: \(config.activation))"), "\($0)")
    }
    var otherGraph = config
    otherGraph.graph = GravityGraph(bodyCount: 3, referenceBody: 1, logDistanceMean: 19, logDistanceScale: 1)
    try save(recording: otherGraph)
    XCTAssertThrowsError(try config.model(from: checkpoint)) {
      XCTAssertTrue(
        "\($0)".contains("graph of 3 bodies, reference 1 (config.json: another graph of 3 bodies, reference 0)"),
        "\($0)")
    }
    // A record that is not a configuration is named.
    try Checkpoint(model: network, metadata: [GravityRunConfig.metadataKey: #"{"command":"gnn train","version":1}"#])
      .write(to: checkpoint)
    XCTAssertThrowsError(try config.model(from: checkpoint)) {
      XCTAssertTrue("\($0)".contains("best.safetensors metadata 'config': key '"), "\($0)")
    }
  }

  /// Runs written before `magnitude` existed used the joint model and have no such key: they
  /// still load as joint, and a separable claim on their checkpoint is refused by its size.
  func testARunWithoutAMagnitudeModelIsTheJointOne() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gnn-config-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var generator = RandomGenerator(seed: 1)
    let graph = GravityGraph(bodyCount: 3, referenceBody: 0, logDistanceMean: 19, logDistanceScale: 1)
    let joint = GravityNetwork(graph: graph, hidden: [8], magnitude: .joint, forceOffset: -20, generator: &generator)
    var options = GravityTrainingOptions()
    options.hidden = [8]
    let config = GravityRunConfig(
      source: .init(
        data: "k.bsp", bodies: "sun", gm: "", start: "", stop: "", step: "1",
        validateFrom: "", testFrom: ""), model: joint, options: options)
    let configURL = dir.appendingPathComponent("config.json")
    let checkpoint = dir.appendingPathComponent("best.safetensors")
    try config.write(to: configURL)
    try Checkpoint(model: joint).write(to: checkpoint)
    var object = try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any] ?? [:]
    XCTAssertEqual(object["magnitude"] as? String, "joint")
    object["magnitude"] = nil
    try JSONSerialization.data(withJSONObject: object).write(to: configURL)
    let loaded = try GravityRunConfig.read(from: configURL).model(from: checkpoint)
    XCTAssertEqual(loaded.magnitude, .joint)
    XCTAssertEqual(loaded.parameters.map(\.scalars), joint.parameters.map(\.scalars))

    object["magnitude"] = "separable"
    try JSONSerialization.data(withJSONObject: object).write(to: configURL)
    XCTAssertThrowsError(try GravityRunConfig.read(from: configURL).model(from: checkpoint)) {
      XCTAssertTrue("\($0)".contains("claims separable hidden [8] for 3 bodies"), "\($0)")
    }
    object["magnitude"] = "both"
    try JSONSerialization.data(withJSONObject: object).write(to: configURL)
    XCTAssertThrowsError(try GravityRunConfig.read(from: configURL))
  }

  /// A config whose graph has more bodies than the data it is rebuilt from indexed past the
  /// data's bodies while building edge features.
  func testAGraphForOtherBodiesThanTheDataIsRefused() throws {
    let bodies = [EphemerisBody(id: 10, name: "Sun"), EphemerisBody(id: 399, name: "Earth")]
    let states = (0..<12).map { Double($0 + 1) * 1e7 }
    let dataset = EphemerisDataset(
      bodies: bodies, epochs: [2_451_545, 2_451_546], positions: states, velocities: states, accelerations: states)
    let graph = GravityGraph(bodyCount: 3, referenceBody: 0, logDistanceMean: 19, logDistanceScale: 1)
    XCTAssertThrowsError(try GravitySplit(dataset, graph: graph)) { error in
      XCTAssertEqual("\(error)", "the network's graph has 3 bodies but the data has 2")
    }
  }
}
