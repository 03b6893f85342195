import Foundation

/// Seeded mutations of a file's bytes: the kinds a corrupt download, a careless edit or an
/// attacker produce. Text formats get token- and line-aware mutations as well as blind ones;
/// binary formats get word-aligned ones (a count or a coefficient replaced by an extreme value).
public struct Mutator {
  public enum Format { case text, binary }

  /// Tokens a number may be replaced with: non-finite, huge, negative, zero, fractional, empty.
  static let numericTokens = [
    "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e308", "1e309", "-1e308", "4.9e-324", "0", "-0", "-1", "1",
    "9223372036854775807", "-9223372036854775808", "18446744073709551616", "99999", "2147483648", "1.5", "0x1p3",
    "", "1e", "--1", "1,0", "１",
  ]

  /// Doubles a binary word may be replaced with.
  static let extremeDoubles: [Double] = [
    .nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0, -0.0, -1, 1, 0.5,
    9.223372036854775807e18, 1e300, -1e300, .leastNonzeroMagnitude, 2, 3, 1024, 1e9,
  ]
  static let extremeInt32s: [Int32] = [0, -1, 1, 2, 3, .max, .min, 1024, 1_000_000, 301, 399, 3, 10]

  public var format: Format

  public init(format: Format) { self.format = format }

  /// 1 to 4 mutations of `input` (one in half the inputs, two in a quarter…: a single change is
  /// likelier to leave a file the reader accepts, whose values the invariants then check);
  /// `others` are the other seeds, for splicing.
  public func mutate(_ input: [UInt8], others: [[UInt8]], random: inout FuzzRandom) -> [UInt8] {
    var bytes = once(input, others: others, random: &random)
    for _ in 1..<4 {
      guard random.chance(0.5) else { break }
      bytes = once(bytes, others: others, random: &random)
    }
    return bytes
  }

  func once(_ bytes: [UInt8], others: [[UInt8]], random: inout FuzzRandom) -> [UInt8] {
    var b = bytes
    let kinds = format == .text ? 10 : 8
    switch random.below(kinds) {
    case 0 where !b.isEmpty:  // flip a bit
      let i = random.below(b.count)
      b[i] ^= 1 << UInt8(random.below(8))
    case 1:  // insert a few random or interesting bytes
      let at = random.below(b.count + 1)
      let pool: [UInt8] = Array("0123456789.-+eE \n\t,=:#$\"{}[]/\\".utf8) + [0, 0xFF, 0x80, 0x7F]
      let insert = (0..<(1 + random.below(8))).map { _ in
        random.chance(0.5) ? UInt8(random.below(256)) : random.pick(pool)
      }
      b.insert(contentsOf: insert, at: at)
    case 2 where !b.isEmpty:  // delete a range
      let at = random.below(b.count)
      b.removeSubrange(at..<min(b.count, at + 1 + random.below(random.chance(0.2) ? 512 : 16)))
    case 3 where !b.isEmpty:  // truncate
      b = Array(b.prefix(random.below(b.count)))
    case 4:  // splice: our head, another seed's (or our own) tail
      let other = others.isEmpty ? b : random.pick(others)
      b = Array(b.prefix(random.below(b.count + 1))) + Array(other.suffix(random.below(other.count + 1)))
    case 5 where !b.isEmpty:  // overwrite a run with one byte
      let at = random.below(b.count)
      let value = UInt8(random.below(256))
      for i in at..<min(b.count, at + 1 + random.below(8)) { b[i] = value }
    case 6 where b.count >= 8:  // an aligned word becomes an extreme double, or an int32 an extreme int
      let words = b.count / 8
      let at = 8 * random.below(words)
      if random.chance(0.5) {
        withUnsafeBytes(of: random.pick(Self.extremeDoubles).bitPattern.littleEndian) {
          b.replaceSubrange(at..<(at + 8), with: $0)
        }
      } else {
        let half = at + 4 * random.below(2)
        withUnsafeBytes(of: random.pick(Self.extremeInt32s).littleEndian) {
          b.replaceSubrange(half..<(half + 4), with: $0)
        }
      }
    case 7 where b.count >= 16:  // copy one aligned word over another (counts, addresses)
      let words = b.count / 8
      let (from, to) = (8 * random.below(words), 8 * random.below(words))
      let word = Array(b[from..<(from + 8)])
      b.replaceSubrange(to..<(to + 8), with: word)
    case 8:  // a numeric token becomes NaN, inf, huge, negative, …
      b = replacingNumber(b, random: &random)
    case 9:  // duplicate or swap lines
      b = shufflingLines(b, random: &random)
    default:
      if !b.isEmpty { b[random.below(b.count)] = UInt8(random.below(256)) }
    }
    return b
  }

  func replacingNumber(_ bytes: [UInt8], random: inout FuzzRandom) -> [UInt8] {
    func isNumeric(_ c: UInt8) -> Bool {
      (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D || c == 0x2B || c == 0x45 || c == 0x65
    }
    // Runs of numeric characters that contain a digit.
    var tokens: [Range<Int>] = []
    var i = 0
    while i < bytes.count {
      guard isNumeric(bytes[i]) else {
        i += 1
        continue
      }
      var j = i
      while j < bytes.count, isNumeric(bytes[j]) { j += 1 }
      if bytes[i..<j].contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { tokens.append(i..<j) }
      i = j
    }
    guard !tokens.isEmpty else { return bytes }
    var b = bytes
    let range = random.pick(tokens)
    let replacement: [UInt8]
    if random.chance(0.3) {  // the same number, negated or scaled
      let text = String(decoding: bytes[range], as: UTF8.self)
      let value = Double(text) ?? 1
      replacement = Array("\(random.pick([-value, value * 1e300, value * 1e-300, value + 1, value.rounded(), 0]))".utf8)
    } else {
      replacement = Array(random.pick(Self.numericTokens).utf8)
    }
    b.replaceSubrange(range, with: replacement)
    return b
  }

  func shufflingLines(_ bytes: [UInt8], random: inout FuzzRandom) -> [UInt8] {
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    guard lines.count >= 2 else { return bytes }
    let (a, c) = (random.below(lines.count), random.below(lines.count))
    if random.chance(0.5) { lines.insert(lines[a], at: c) } else { lines.swapAt(a, c) }
    return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
  }
}
