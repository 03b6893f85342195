import Foundation

/// The few pieces of YAML an ECSV header needs (https://github.com/astropy/astropy-APEs/blob/main/APE6.rst),
/// written so that PyYAML, and so astropy, reads them; and read back by `flowMapping`, which takes
/// what `quoted` and `key` write (and plain scalars), nothing more.
enum ECSVHeader {
  /// A YAML double-quoted string: `\` and `"` escaped, and every character YAML may not carry
  /// raw (controls, YAML's line breaks U+0085/U+2028/U+2029, U+FEFF, U+FFFE/U+FFFF) as `\xHH` or
  /// `\uHHHH`; so a value is one line, and reads back the same in PyYAML.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
        out += String(format: "\\x%02X", scalar.value)
      // YAML line breaks, BOM, non-characters.
      case _ where [0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF].contains(scalar.value):
        out += String(format: "\\u%04X", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// A mapping key: bare when it is a plain identifier, else quoted.
  static func key(_ text: String) -> String {
    let isIdentifier =
      text.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } ?? false
      && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    return isIdentifier ? text : quoted(text)
  }

  /// `{key: value, "other key": "value"}` as ordered (key, value) pairs, quotes undone; nil when
  /// the text is not such a mapping (the caller names the line).
  static func flowMapping(_ text: Substring) -> [(key: String, value: String)]? {
    var scalars = Array(text.trimmingCharacters(in: .whitespaces).unicodeScalars)
    guard scalars.first == "{", scalars.last == "}" else { return nil }
    scalars = Array(scalars.dropFirst().dropLast())
    var pairs: [(String, String)] = []
    var i = 0
    func skipSpaces() { while i < scalars.count, scalars[i] == " " { i += 1 } }
    /// A quoted scalar from `i`, or a plain one up to one of `stops`.
    func scalar(until stops: Set<Unicode.Scalar>) -> String? {
      skipSpaces()
      guard i < scalars.count else { return "" }
      if scalars[i] == "\"" { return doubleQuoted() }
      var plain = String.UnicodeScalarView()
      while i < scalars.count, !stops.contains(scalars[i]) {
        plain.append(scalars[i])
        i += 1
      }
      return String(plain).trimmingCharacters(in: .whitespaces)
    }
    func doubleQuoted() -> String? {
      i += 1
      var out = String.UnicodeScalarView()
      while i < scalars.count {
        let c = scalars[i]
        i += 1
        if c == "\"" { return String(out) }
        guard c == "\\" else {
          out.append(c)
          continue
        }
        guard i < scalars.count else { return nil }
        let e = scalars[i]
        i += 1
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
          "\"": "\"", "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r", "0": "\0",
        ]
        if let s = simple[e] {
          out.append(s)
          continue
        }
        let width = e == "x" ? 2 : e == "u" ? 4 : e == "U" ? 8 : 0
        guard width > 0, i + width <= scalars.count,
          let code = UInt32(String(String.UnicodeScalarView(scalars[i..<(i + width)])), radix: 16),
          let decoded = Unicode.Scalar(code)
        else { return nil }
        out.append(decoded)
        i += width
      }
      return nil
    }
    while true {
      skipSpaces()
      if i >= scalars.count { break }
      guard let key = scalar(until: [":"]), i < scalars.count, scalars[i] == ":" else { return nil }
      i += 1
      guard let value = scalar(until: [","]) else { return nil }
      pairs.append((key, value))
      skipSpaces()
      if i < scalars.count {
        guard scalars[i] == "," else { return nil }
        i += 1
      }
    }
    return pairs
  }
}
