import ArgumentParser
import Cosmology
import Foundation
import ShippedData

/// Where the supernova data and covariance come from, for `fit`.
struct DataOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Pantheon+ table or CosmoMC/cobaya .dataset, or a folder holding \(DataOptions.table) (default: the shipped data).",
      discussion: DataOptions.search, valueName: "file-or-folder"))
  var data: String?
  @Option(
    help:
      "Covariance: auto (the release STAT+SYS file beside the table if present, else diagonal errors), full, diag, or a .cov/.cov.gz path."
  )
  var cov: String = "auto"
  @Option(parsing: .unconditional, help: "Keep rows with zHD above this.") var zmin: Double = 0.01

  /// The shipped table's name, found by `ShippedData` when --data is absent or a folder.
  static let table = "Pantheon+SH0ES.dat"
  static let search =
    "Without --data, \(table) is looked for in $GRAVITAS_DATA, then the installed share/gravitas, then the checkout's Data/, then ./Data."

  /// The table: --data's file, or the shipped table in --data's folder or found by the search.
  var tableURL: URL { get throws { try ShippedData.file(Self.table, fileOrFolder: data, option: "--data") } }

  func validate() throws {
    guard zmin.isFinite, zmin >= 0 else { throw ValidationError("--zmin must be a non-negative redshift, got \(zmin)") }
    guard data?.isEmpty != true else { throw ValidationError("--data must name a table, a .dataset or a folder") }
    guard !cov.isEmpty else { throw ValidationError("--cov must be auto, full, diag or a path") }
  }

}
