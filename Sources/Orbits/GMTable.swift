import Foundation

/// GM values from `gm.csv` (`body_id,name,gm_km3_s2,…`).
public struct GMTable {
  public let gm: [Int: Double]

  public init(contentsOf url: URL) throws {
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw OrbitsError.unreadable(file: url.path, reason: error.localizedDescription)
    }
    var gm: [Int: Double] = [:]
    for (n, line) in text.split(separator: "\n").enumerated().dropFirst() {
      let cells = line.split(separator: ",")
      guard cells.count >= 3, let id = Int(cells[0]), let value = Double(cells[2]) else {
        throw OrbitsError.malformedDataset(
          file: url.lastPathComponent, line: n + 1, reason: "expected body_id,name,gm_km3_s2")
      }
      gm[id] = value
    }
    self.gm = gm
  }
}
