/// The major bodies Horizons knows by NAIF ID, with the names and aliases `orbits` accepts.
/// A raw numeric ID, or a small-body designation ending in `;` (`Ceres;`, `DES=2099942;`),
/// passes through unchanged.
public enum BodyCatalogue {
  public struct Entry: Sendable {
    public let id: Int
    public let name: String
    public let aliases: [String]
  }

  /// The 11 bodies of the shipped DE421 excerpt (Data/), as `--bodies` takes them.
  public static let shippedKernelBodies =
    "sun,mercury,venus,earth,moon,mars-bary,jupiter-bary,saturn-bary,uranus-bary,neptune-bary,pluto-bary"

  public static let entries: [Entry] = [
    Entry(id: 0, name: "Solar System Barycenter", aliases: ["ssb"]),
    Entry(id: 10, name: "Sun", aliases: ["sun", "sol"]),
    Entry(id: 199, name: "Mercury", aliases: ["mercury"]),
    Entry(id: 1, name: "Mercury Barycenter", aliases: ["mercury-bary"]),
    Entry(id: 299, name: "Venus", aliases: ["venus"]), Entry(id: 2, name: "Venus Barycenter", aliases: ["venus-bary"]),
    Entry(id: 399, name: "Earth", aliases: ["earth"]),
    Entry(id: 3, name: "Earth-Moon Barycenter", aliases: ["earth-bary", "emb"]),
    Entry(id: 301, name: "Moon", aliases: ["moon", "luna"]),
    Entry(id: 499, name: "Mars", aliases: ["mars"]), Entry(id: 4, name: "Mars Barycenter", aliases: ["mars-bary"]),
    Entry(id: 401, name: "Phobos", aliases: ["phobos"]), Entry(id: 402, name: "Deimos", aliases: ["deimos"]),
    Entry(id: 599, name: "Jupiter", aliases: ["jupiter"]),
    Entry(id: 5, name: "Jupiter Barycenter", aliases: ["jupiter-bary"]),
    Entry(id: 501, name: "Io", aliases: ["io"]), Entry(id: 502, name: "Europa", aliases: ["europa"]),
    Entry(id: 503, name: "Ganymede", aliases: ["ganymede"]), Entry(id: 504, name: "Callisto", aliases: ["callisto"]),
    Entry(id: 699, name: "Saturn", aliases: ["saturn"]),
    Entry(id: 6, name: "Saturn Barycenter", aliases: ["saturn-bary"]),
    Entry(id: 601, name: "Mimas", aliases: ["mimas"]), Entry(id: 602, name: "Enceladus", aliases: ["enceladus"]),
    Entry(id: 603, name: "Tethys", aliases: ["tethys"]), Entry(id: 604, name: "Dione", aliases: ["dione"]),
    Entry(id: 605, name: "Rhea", aliases: ["rhea"]), Entry(id: 606, name: "Titan", aliases: ["titan"]),
    Entry(id: 607, name: "Hyperion", aliases: ["hyperion"]), Entry(id: 608, name: "Iapetus", aliases: ["iapetus"]),
    Entry(id: 609, name: "Phoebe", aliases: ["phoebe"]),
    Entry(id: 799, name: "Uranus", aliases: ["uranus"]),
    Entry(id: 7, name: "Uranus Barycenter", aliases: ["uranus-bary"]),
    Entry(id: 701, name: "Ariel", aliases: ["ariel"]), Entry(id: 702, name: "Umbriel", aliases: ["umbriel"]),
    Entry(id: 703, name: "Titania", aliases: ["titania"]), Entry(id: 704, name: "Oberon", aliases: ["oberon"]),
    Entry(id: 705, name: "Miranda", aliases: ["miranda"]),
    Entry(id: 899, name: "Neptune", aliases: ["neptune"]),
    Entry(id: 8, name: "Neptune Barycenter", aliases: ["neptune-bary"]),
    Entry(id: 801, name: "Triton", aliases: ["triton"]), Entry(id: 802, name: "Nereid", aliases: ["nereid"]),
    Entry(id: 808, name: "Proteus", aliases: ["proteus"]),
    Entry(id: 999, name: "Pluto", aliases: ["pluto"]), Entry(id: 9, name: "Pluto Barycenter", aliases: ["pluto-bary"]),
    Entry(id: 901, name: "Charon", aliases: ["charon"]),
  ]

  /// What a body argument names: a catalogue body (or raw NAIF ID), or a small body passed through.
  public enum Target: Equatable, Sendable {
    case major(id: Int, name: String)
    case smallBody(String)

    /// The COMMAND value Horizons gets: always the numeric ID for major bodies.
    public var command: String {
      switch self {
      case .major(let id, _): String(id)
      case .smallBody(let designation): designation
      }
    }
  }

  public static func resolve(_ text: String) throws -> Target {
    let key = text.trimmingCharacters(in: .whitespaces)
    if key.hasSuffix(";") { return .smallBody(key) }
    if let id = Int(key) { return .major(id: id, name: entries.first { $0.id == id }?.name ?? "body \(id)") }
    if let entry = entries.first(where: { $0.aliases.contains(key.lowercased()) }) {
      return .major(id: entry.id, name: entry.name)
    }
    let nearest = entries.flatMap(\.aliases).sorted {
      editDistance($0, key.lowercased()) < editDistance($1, key.lowercased())
    }.prefix(3)
    throw OrbitsError.invalidArgument(
      "unknown body '\(text)'; nearest: \(nearest.joined(separator: ", ")) (or give a NAIF ID, or a small-body designation ending in ';')"
    )
  }

  /// A NAIF ID for a body argument that must be a major body (kernels know no small bodies).
  public static func majorBody(_ text: String) throws -> (id: Int, name: String) {
    guard case .major(let id, let name) = try resolve(text) else {
      throw OrbitsError.invalidArgument("'\(text)' is a small body; this needs a major body or NAIF ID")
    }
    return (id, name)
  }

  /// The major bodies of a comma-separated `--bodies` list, each with its GM from `masses`.
  public static func majorBodies(_ list: String, masses: GMTable) throws -> [EphemerisBody] {
    try list.split(separator: ",").map { try majorBody(String($0)) }
      .map { EphemerisBody(id: $0.id, name: $0.name, gm: masses.gm[$0.id]) }
  }
}

/// Levenshtein distance, for suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
  let (x, y) = (Array(a), Array(b))
  if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
  var row = Array(0...y.count)
  for i in 1...x.count {
    var previous = row[0]
    row[0] = i
    for j in 1...y.count {
      let current = row[j]
      row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[y.count]
}
