import ArgumentParser
import Cosmology
import Foundation

/// Where the supernova data and covariance come from, for `fit`.
struct DataOptions: ParsableArguments {
  @Option(help: "Pantheon+ table (Pantheon+SH0ES.dat) or a CosmoMC/cobaya .dataset.") var data: String = "Data/Pantheon+SH0ES.dat"
  @Option(help: "Covariance: auto (the release STAT+SYS file beside the table if present, else diagonal errors), full, diag, or a .cov/.cov.gz path.")
  var cov: String = "auto"
  @Option(parsing: .unconditional, help: "Keep rows with zHD above this.") var zmin: Double = 0.01

  var tableURL: URL { URL(fileURLWithPath: data) }

  func validate() throws {
    guard zmin.isFinite, zmin >= 0 else { throw ValidationError("--zmin must be a non-negative redshift, got \(zmin)") }
    guard !data.isEmpty else { throw ValidationError("--data must name a table or .dataset") }
    guard !cov.isEmpty else { throw ValidationError("--cov must be auto, full, diag or a path") }
  }

}
