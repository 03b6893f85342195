import ArgumentParser
import CUDABackend
import CommandSupport
import Cosmology
import Foundation
import NN
import ShippedData
import TensorCore

/// `mlp_pantheon.py` reproduced with Gravitas's own library: Pantheon+ zHD → m_b_corr on all 1701
/// rows, the peers' synthetic dense covariance, folds i mod 5, splitmix64 weights, 1→32→32→1
/// tanh in Float64, full-batch Adam 1e-2; the members of a fold share each triangular pass.
struct CosmoPeerBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cosmo-peer", abstract: "The peer supernova MLP workload (mlp_pantheon.py), checked and timed.")

  @Option(help: "Pantheon+ table, or a folder holding Pantheon+SH0ES.dat (default: the shipped data).") var data:
    String?
  @Flag(help: "The peers' --quick run (100 epochs, 2 members), checked against their published values.") var quick =
    false
  @Option(help: "Epochs (default 2000; 100 with --quick).") var epochs: Int?
  @Option(help: "Members per fold (default 4; 2 with --quick).") var members: Int?
  @Option(help: "Compute device (the peer's --device).") var device: ComputeDevice = .cpu

  /// `mlp_pantheon.py --quick` on this data (shared/bench/peers/README.md).
  static let quickValidation = [35.713999, 39.219906, 34.711313, 31.768094, 31.883826]
  static let quickTraining = [12.900232, 13.696274, 12.788594, 11.660558, 12.467175]

  func run() throws {
    let start = Date()
    let (backend, deviceSummary) = try device.makeBackend()
    print(deviceSummary)
    let (epochCount, memberCount) = (epochs ?? (quick ? 100 : 2000), members ?? (quick ? 2 : 4))
    let table = try PantheonTable(
      contentsOf: ShippedData.file("Pantheon+SH0ES.dat", fileOrFolder: data, option: "--data"),
      select: ["zHD", "m_b_corr"])
    let problem = PeerProblem(z: table["zHD"], y: table["m_b_corr"])
    let n = table.count
    var validation: [Double] = []
    var training: [Double] = []
    var trainSeconds = 0.0
    for k in 0..<5 {
      let (trainRows, validRows) = ((0..<n).filter { $0 % 5 != k }, (0..<n).filter { $0 % 5 == k })
      let z = trainRows.map { problem.z[$0] }
      let mean = z.reduce(0, +) / Double(z.count)
      let std = (z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(z.count)).squareRoot()
      let input = { (rows: [Int]) in
        Tensor(shape: [rows.count, 1], scalars: rows.map { (problem.z[$0] - mean) / std }, on: backend)
      }
      let (xTrain, xValid) = (input(trainRows), input(validRows))
      let chiTrain = try problem.block(trainRows, on: backend)
      let chiValid = try problem.block(validRows, on: backend)
      let initial = peerInitialised(
        widths: [1, 32, 32, 1], seeds: (0..<memberCount).map { UInt64(1000 + 100 * k + $0) })
      var model = initial.with(parameters: initial.parameters.map { $0.to(backend: backend) })
      var adam = Adam(for: model.parameters, learningRate: 1e-2)
      let t0 = Date()
      for _ in 0..<epochCount {
        let (_, grads) = valueAndGradient(at: model.parameters) { p in
          chiTrain.chiSquare(model.with(parameters: p)(xTrain))
        }
        var p = model.parameters
        adam.update(&p, along: grads)
        model.parameters = p
      }
      trainSeconds += Date().timeIntervalSince(t0)
      validation.append(chiValid.chiSquare(model(xValid)).scalar / Double(memberCount * validRows.count))
      training.append(chiTrain.chiSquare(model(xTrain)).scalar / Double(memberCount * trainRows.count))
    }
    if quick && epochs == nil && members == nil {
      let worst = zip(validation + training, Self.quickValidation + Self.quickTraining).map { abs($0 - $1) / $1 }.max()!
      print(
        "quick check against mlp_pantheon.py: largest relative difference \(worst) (tolerance 1e-6): \(worst <= 1e-6 ? "ok" : "MISMATCH")"
      )
      if worst > 1e-6 { throw ExitCode(1) }
    }
    emit([
      "bench": "cosmo-peer", "device": backend.name, "quick": quick, "epochs": epochCount, "members": memberCount,
      "wall_s": Date().timeIntervalSince(start), "train_s": trainSeconds,
      "us_per_member_epoch": trainSeconds / Double(5 * memberCount * epochCount) * 1e6,
      "val_chi2_per_n": validation.reduce(0, +) / 5,
      "val_chi2_per_n_by_fold": "[" + validation.map { String(format: "%.6f", $0) }.joined(separator: ", ") + "]",
      "train_chi2_per_n_by_fold": "[" + training.map { String(format: "%.6f", $0) }.joined(separator: ", ") + "]",
    ])
  }
}
