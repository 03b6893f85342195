import ArgumentParser
import Cosmology
import Foundation

/// Where the supernova data and covariance come from, for `fit`.
struct DataOptions: ParsableArguments {
  @Option(help: "Pantheon+ table (Pantheon+SH0ES.dat) or a CosmoMC/cobaya .dataset.") var data: String = "Data/Pantheon+SH0ES.dat"
  @Option(help: "Covariance: auto (the release STAT+SYS file beside the table if present, else diagonal errors), full, diag, or a .cov/.cov.gz path.")
  var cov: String = "auto"
  @Option(help: "Keep rows with zHD above this.") var zmin: Double = 0.01

  var tableURL: URL { URL(fileURLWithPath: data) }

}
