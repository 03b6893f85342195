import Cosmology
import Foundation

/// A cobaya `.dataset` with its table and covariance, read into a sample as `cosmo` does.
struct CobayaTarget: FuzzTarget {
  let name = "cobaya"
  let slots: [(seeds: [[UInt8]], format: Mutator.Format)]
  static let files = ["full_long.dataset", "lcparam_full.txt", "mag_covmat.txt"]
  let files = ScratchFiles()

  init(corpus: FuzzCorpus) throws {
    slots = try Self.files.map { ([try read(corpus.union3.appendingPathComponent($0))], .text) }
  }

  func run(_ input: FuzzInput, in scratch: URL) throws -> Verdict {
    let folder = scratch.appendingPathComponent("union3")
    for (k, file) in Self.files.enumerated() {
      try files.place(
        k == input.slot ? input.bytes : slots[k].seeds[0], at: folder.appendingPathComponent(file),
        isSeed: k != input.slot)
    }
    let sample: SupernovaSample
    do { sample = try SupernovaSample.cobaya(dataset: folder.appendingPathComponent(Self.files[0])) } catch {
      return .rejected
    }
    try requireSample(sample)
    let dataset = try CobayaDataset(contentsOf: folder.appendingPathComponent(Self.files[0]))
    for url in [dataset.dataFile] + (dataset.magnitudeCovarianceFile.map { [$0] } ?? []) {
      try require(
        url.standardizedFileURL.path.hasPrefix(folder.standardizedFileURL.path + "/"),
        "\(url.path) is outside the dataset's folder")
    }
    return .accepted
  }
}
