import Foundation

/// The NAIF / SPK ID of a Horizons target, read from the name its reply gives it (`Target body
/// name: …`): what a dataset labels the body with.
public enum HorizonsTargetID {
  /// The offset of numbered asteroids' SPK-IDs in JPL's small-body database: asteroid N is
  /// 20000000 + N (Ceres 20000001). NAIF's older scheme, 2000000 + N, ran out at a million.
  public static let numberedAsteroidOffset = 20_000_000

  /// `Mars (499)` → 499, `SpaceX Roadster (spacecraft) (-143205)` → −143205 (the last
  /// parentheses hold the ID for major bodies and spacecraft); `1 Ceres (A801 AA)` → 20000001
  /// (a numbered asteroid: its number, then its name); nil when the name carries no ID
  /// (unnumbered asteroids such as `(2020 QG)`, comets such as `1P/Halley`).
  public static func naifID(in name: String?) -> Int? {
    guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
    if let open = name.lastIndex(of: "("), let close = name.lastIndex(of: ")"), open < close,
      let id = Int(name[name.index(after: open)..<close].trimmingCharacters(in: .whitespaces))
    {
      return id
    }
    let words = name.split(separator: " ")
    if words.count >= 2, let first = words.first, first.count <= 7, first.allSatisfy({ $0.isASCII && $0.isNumber }),
      let number = Int(first), number > 0, words[1].first?.isLetter == true
    {
      return numberedAsteroidOffset + number
    }
    return nil
  }

  /// The SPK-ID in a small-body designation that gives one, `DES=20099942;` → 20099942.
  public static func naifID(inDesignation designation: String) -> Int? {
    guard designation.uppercased().hasPrefix("DES="), designation.hasSuffix(";") else { return nil }
    let digits = designation.dropFirst(4).dropLast()
    guard (1...9).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(digits)
  }
}
