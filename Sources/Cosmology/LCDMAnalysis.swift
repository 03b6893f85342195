import DurableFiles
import Foundation

/// The `cosmo lcdm` analysis: load a sample, fit flat and non-flat ΛCDM, test ΩΛ = 0.
public enum LCDMAnalysis {
  /// Loads `data` (a Pantheon+ `.dat` table or a cobaya `.dataset`) with rows `z > zmin`.
  public static func loadSample(data: URL, covariance: CovarianceSource, zmin: Double) throws -> SupernovaSample {
    if data.pathExtension == "dataset" {
      switch covariance {
      case .automatic, .full: return try .cobaya(dataset: data, useCovariance: true, zmin: zmin)
      case .diagonal: return try .cobaya(dataset: data, useCovariance: false, zmin: zmin)
      case .file(let url):
        throw CosmologyError.dataset(
          file: data.lastPathComponent, line: nil,
          reason: "--cov \(url.path): a .dataset names its own mag_covmat_file; use --cov full or diag")
      }
    }
    return try .pantheon(table: data, covariance: covariance, zmin: zmin)
  }

  /// Runs all fits on `sample`.
  public static func run(_ sample: SupernovaSample, data: URL) throws -> LCDMReport {
    let chi2 = try ProfiledChiSquare(sample)
    let flat = try LCDMFitter.fitFlat(chi2)
    let nonFlat = try LCDMFitter.fitNonFlat(chi2)
    let detection = LCDMFitter.darkEnergyDetection(chi2, against: nonFlat)
    return LCDMReport(
      data: try .init(fingerprinting: data),
      covariance: .init(
        kind: sample.covariance.kind.rawValue, path: sample.covariance.path,
        sha256: sample.covariance.sha256, note: sample.covariance.summary),
      lcdm: .init(
        omega_m: flat.matterDensity, omega_m_lo: flat.matterDensityLow, omega_m_hi: flat.matterDensityHigh,
        chi2: flat.chiSquare, dof: flat.degreesOfFreedom, rows: flat.rows),
      nonflat: .init(
        omega_m: nonFlat.matterDensity, omega_lambda: nonFlat.darkEnergyDensity,
        chi2: nonFlat.chiSquare, dof: nonFlat.degreesOfFreedom),
      no_lambda: .init(
        omega_m: detection.matterDensityWithoutLambda, chi2: detection.chiSquareWithoutLambda,
        delta_chi2: detection.deltaChiSquare, sigma: detection.sigma, p_value: detection.pValue,
        at_omega_m_boundary: detection.atMatterBoundary),
      notes: sample.notes)
  }
}

/// `report.json` of `cosmo lcdm` (snake_case keys, as other tools read them).
// swift-format-ignore: AlwaysUseLowerCamelCase
// The property names are the report's keys, as cosmo lcdm has always written them.
public struct LCDMReport: Codable, Sendable, Equatable {
  public struct DataFile: Codable, Sendable, Equatable {
    public let path: String
    public let sha256: String
    /// The file at `url` and the SHA-256 of its bytes.
    public init(fingerprinting url: URL) throws { (path, sha256) = (url.path, try FileBytes.sha256(url)) }
  }
  public struct Covariance: Codable, Sendable, Equatable {
    public let kind: String
    public let path: String?
    public let sha256: String?
    public let note: String
  }
  public struct Flat: Codable, Sendable, Equatable {
    public let omega_m, omega_m_lo, omega_m_hi, chi2: Double
    public let dof, rows: Int
  }
  public struct NonFlat: Codable, Sendable, Equatable {
    public let omega_m, omega_lambda, chi2: Double
    public let dof: Int
  }
  public struct NoLambda: Codable, Sendable, Equatable {
    public let omega_m, chi2, delta_chi2, sigma, p_value: Double
    public let at_omega_m_boundary: Bool
  }

  public let data: DataFile
  public let covariance: Covariance
  public let lcdm: Flat
  public let nonflat: NonFlat
  public let no_lambda: NoLambda
  public let notes: [String]

  /// Human-readable summary, one fact per line.
  public var lines: [String] {
    let f = lcdm
    let fmt = { (x: Double) in String(format: "%.4f", x) }
    return notes + [
      "covariance: \(covariance.note)",
      "flat ΛCDM: Ωm = \(fmt(f.omega_m)) (−\(fmt(f.omega_m - f.omega_m_lo)) +\(fmt(f.omega_m_hi - f.omega_m)), Δχ² = 1)"
        + "  χ²_min = \(String(format: "%.2f", f.chi2))  dof = \(f.dof)  rows = \(f.rows)  (M profiled)",
      "non-flat ΛCDM: Ωm = \(fmt(nonflat.omega_m))  ΩΛ = \(fmt(nonflat.omega_lambda))"
        + "  χ²_min = \(String(format: "%.2f", nonflat.chi2))  dof = \(nonflat.dof)",
      "ΩΛ = 0 (Ωm free): Ωm = \(fmt(no_lambda.omega_m))  χ² = \(String(format: "%.2f", no_lambda.chi2))"
        + "  Δχ² = \(String(format: "%.2f", no_lambda.delta_chi2)) vs non-flat ΛCDM (1 dof)"
        + "  → dark energy at \(String(format: "%.1f", no_lambda.sigma))σ (p = \(String(format: "%.2g", no_lambda.p_value)))"
        + (no_lambda.at_omega_m_boundary ? "  [ΩΛ = 0 best fit is at the physical limit Ωm = 0]" : ""),
    ]
  }

  /// Writes `report.json` into `directory` atomically and durably (`DurableFile`).
  public func write(to directory: URL) throws -> URL {
    let url = directory.appendingPathComponent("report.json")
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      try DurableFile.write(try encoder.encode(self), to: url)
    } catch let error as DurableFileError {
      throw CosmologyError.unreadable(file: url.path, reason: "cannot write report: \(error.failure)")
    } catch {
      throw CosmologyError.unreadable(file: url.path, reason: "cannot write report: \(error.localizedDescription)")
    }
    return url
  }
}
