import Foundation

/// A CosmoMC/cobaya supernova `.dataset` description (JLA, Pantheon 2018, Pantheon+, DES, Union3):
/// `key = value` lines naming an `lcparam` table (`data_file`) and a magnitude covariance
/// (`mag_covmat_file`).
///
/// Paths in the file are written relative to the sn_data root (`Union3/lcparam_full.txt`); they are
/// resolved relative to the dataset's folder, and failing that by file name inside that folder.
/// Only magnitude-only likelihoods are supported: stretch/colour covariances (JLA's α, β) and the
/// two-M split (`twoscriptmfit = T`) are rejected with a message saying so.
public struct CobayaDataset: Sendable {
  public let name: String
  public let source: URL
  public let dataFile: URL
  public let magnitudeCovarianceFile: URL?
  /// Redshift error scale (`pecz`, in units of c) and intrinsic dispersion (`intrinsicdisp`, mag).
  public let peculiarVelocityZ: Double
  public let intrinsicDispersion: Double

  public init(contentsOf url: URL) throws {
    let text = try FileBytes.readText(url)
    let file = url.displayName
    var keys: [String: (value: String, line: Int)] = [:]
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      // Real files carry free text (sn_data's Union3 file starts with its arXiv URL); like
      // CosmoMC's ini reader, lines without '=' are ignored.
      guard let eq = line.firstIndex(of: "=") else { continue }
      let key = line[..<eq].trimmingCharacters(in: .whitespaces)
      keys[key] = (line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces), i + 1)
    }
    func flag(_ key: String) throws -> Bool {
      guard let entry = keys[key] else { return false }
      switch entry.value.uppercased() {
      case "T", "TRUE": return true
      case "F", "FALSE": return false
      default:
        throw CosmologyError.dataset(
          file: file, line: entry.line, reason: "\(key) must be T or F, found '\(entry.value)'")
      }
    }
    func number(_ key: String) throws -> Double {
      guard let entry = keys[key] else { return 0 }
      guard let v = Double(entry.value), v.isFinite else {
        throw CosmologyError.dataset(
          file: file, line: entry.line, reason: "\(key) must be a number, found '\(entry.value)'")
      }
      return v
    }
    for key in [
      "has_stretch_covmat", "has_colour_covmat", "has_mag_stretch_covmat", "has_mag_colour_covmat",
      "has_stretch_colour_covmat", "twoscriptmfit",
    ] where try flag(key) {
      throw CosmologyError.dataset(
        file: file, line: keys[key]?.line,
        reason: "\(key) = T needs stretch/colour nuisance parameters, which this magnitude-only fit does not support")
    }
    let folder = url.deletingLastPathComponent().standardizedFileURL
    func resolve(_ key: String) throws -> URL {
      guard let entry = keys[key] else {
        throw CosmologyError.dataset(file: file, line: nil, reason: "missing key '\(key)'")
      }
      // The dataset may name files only inside its own folder: no absolute path, no `..` out of it.
      let direct = URL(fileURLWithPath: entry.value, relativeTo: folder).standardizedFileURL
      guard !entry.value.hasPrefix("/"), !entry.value.hasPrefix("~"), Self.isInside(direct, folder) else {
        throw CosmologyError.dataset(
          file: file, line: entry.line,
          reason: "\(key) '\(entry.value)' leads outside the dataset's folder \(folder.path); name a file inside it")
      }
      if FileManager.default.fileExists(atPath: direct.path) { return direct }
      let byName = folder.appendingPathComponent(URL(fileURLWithPath: entry.value).lastPathComponent)
      if FileManager.default.fileExists(atPath: byName.path), Self.isInside(byName, folder) { return byName }
      throw CosmologyError.dataset(
        file: file, line: entry.line,
        reason: "\(key) '\(entry.value)' not found as \(direct.path) nor as \(byName.path)")
    }
    name = keys["name"]?.value ?? url.deletingPathExtension().lastPathComponent
    source = url
    dataFile = try resolve("data_file")
    magnitudeCovarianceFile = try flag("has_mag_covmat") ? try resolve("mag_covmat_file") : nil
    peculiarVelocityZ = try number("pecz")
    intrinsicDispersion = try number("intrinsicdisp")
  }

  /// Whether `file` lies strictly below `folder`, compared component by component after
  /// resolving `..` and symbolic links on both.
  static func isInside(_ file: URL, _ folder: URL) -> Bool {
    let outer = folder.resolvingSymlinksInPath().standardizedFileURL.pathComponents
    let inner = file.resolvingSymlinksInPath().standardizedFileURL.pathComponents
    return inner.count > outer.count && Array(inner.prefix(outer.count)) == outer
  }
}

/// A cobaya `lcparam` table: `#`-prefixed header (`name zcmb zhel dz mb dmb …`), then one row per
/// SN or bin. Rows may hold fewer fields than the header names (Union3's rows lack the last,
/// `biascor`): fields map by position and missing trailing columns are absent, as cobaya reads them.
public struct LCParamTable: Sendable {
  public let names: [String]
  public let zcmb: [Double]
  public let zhel: [Double]
  /// Apparent magnitude (or distance modulus up to a constant) and its extra diagonal error.
  public let mb: [Double]
  public let dmb: [Double]
  /// Header columns that no row fills (e.g. `biascor` in Union3).
  public let absentColumns: [String]

  public init(contentsOf url: URL) throws {
    let file = url.displayName
    let text = try FileBytes.readText(url)
    var header: [String] = []
    var names: [String] = []
    var zcmb: [Double] = []
    var zhel: [Double] = []
    var mb: [Double] = []
    var dmb: [Double] = []
    var fewest = Int.max
    let required = ["zcmb", "zhel", "mb", "dmb"]
    var index: [String: Int] = [:]
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      if line.hasPrefix("#") {
        if header.isEmpty {
          header = line.dropFirst().split(whereSeparator: \.isWhitespace).map(String.init)
          for name in required {
            guard let k = header.firstIndex(of: name) else {
              throw CosmologyError.unknownColumn(file: file, name: name, valid: header)
            }
            index[name] = k
          }
        }
        continue
      }
      guard !header.isEmpty else {
        throw CosmologyError.malformedRow(
          file: file, line: i + 1, column: nil, reason: "data row before the '#name zcmb …' header")
      }
      let cells = line.split(whereSeparator: \.isWhitespace)
      let need = (required.compactMap { index[$0] }.max() ?? 0) + 1
      guard cells.count >= need, cells.count <= header.count else {
        throw CosmologyError.malformedRow(
          file: file, line: i + 1, column: nil,
          reason: "expected \(need)…\(header.count) fields, found \(cells.count)")
      }
      fewest = min(fewest, cells.count)
      func value(_ name: String) throws -> Double {
        guard let k = index[name], k < cells.count else {
          throw CosmologyError.malformedRow(file: file, line: i + 1, column: name, reason: "no such field")
        }
        let cell = cells[k]
        guard let v = Double(cell), v.isFinite else {
          throw CosmologyError.malformedRow(
            file: file, line: i + 1, column: name, reason: "'\(cell)' is not a finite number")
        }
        return v
      }
      names.append(String(cells[0]))
      zcmb.append(try value("zcmb"))
      zhel.append(try value("zhel"))
      mb.append(try value("mb"))
      dmb.append(try value("dmb"))
    }
    guard !names.isEmpty else { throw CosmologyError.unreadable(file: url.path, reason: "no data rows") }
    self.names = names
    self.zcmb = zcmb
    self.zhel = zhel
    self.mb = mb
    self.dmb = dmb
    absentColumns = fewest < header.count ? Array(header[fewest...]) : []
  }
}
