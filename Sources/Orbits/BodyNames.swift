/// The bodies of the offline DE421 kernel by name, for `orbits sample`. (The Horizons catalogue,
/// with aliases and moons, is a superset.)
public enum BodyNames {
  public static let kernelBodies: [(name: String, id: Int, label: String)] = [
    ("ssb", 0, "Solar System Barycenter"), ("sun", 10, "Sun"), ("mercury", 199, "Mercury"), ("venus", 299, "Venus"),
    ("earth", 399, "Earth"), ("moon", 301, "Moon"), ("emb", 3, "Earth-Moon Barycenter"),
    ("mercury-bary", 1, "Mercury Barycenter"), ("venus-bary", 2, "Venus Barycenter"), ("mars", 499, "Mars"),
    ("mars-bary", 4, "Mars Barycenter"), ("jupiter-bary", 5, "Jupiter Barycenter"), ("saturn-bary", 6, "Saturn Barycenter"),
    ("uranus-bary", 7, "Uranus Barycenter"), ("neptune-bary", 8, "Neptune Barycenter"), ("pluto-bary", 9, "Pluto Barycenter"),
  ]

  /// A name from the table or a numeric NAIF ID.
  public static func resolve(_ text: String) throws -> (id: Int, name: String) {
    let key = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let id = Int(key) { return (id, kernelBodies.first { $0.id == id }?.label ?? "body \(id)") }
    if let entry = kernelBodies.first(where: { $0.name == key }) { return (entry.id, entry.label) }
    let nearest = kernelBodies.map(\.name).sorted { editDistance($0, key) < editDistance($1, key) }.prefix(3)
    throw OrbitsError.invalidArgument("unknown body '\(text)'; nearest: \(nearest.joined(separator: ", ")) (or give a NAIF ID)")
  }
}

/// Levenshtein distance, for suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
  let (x, y) = (Array(a), Array(b))
  var row = Array(0...y.count)
  for i in 1...max(x.count, 1) where !x.isEmpty {
    var previous = row[0]
    row[0] = i
    for j in 1...max(y.count, 1) where !y.isEmpty {
      let current = row[j]
      row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[y.count]
}

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
        throw OrbitsError.malformedDataset(file: url.lastPathComponent, line: n + 1, reason: "expected body_id,name,gm_km3_s2")
      }
      gm[id] = value
    }
    self.gm = gm
  }
}

import Foundation
