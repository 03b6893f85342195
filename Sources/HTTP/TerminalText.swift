/// Text from a server or a file, made safe to print: a reply can carry ANSI escape sequences
/// (which recolour, retitle or rewrite the user's terminal), carriage returns that overwrite the
/// line before, or bidirectional overrides that reorder what is shown. Each such character is
/// written as a visible `\u{1B}` instead.
public enum TerminalText {
  /// `text` with control characters (C0, DEL, C1), line and paragraph separators and bidi
  /// controls escaped. Tabs stay; line feeds stay only with `keepingLineBreaks` (a multi-line
  /// message such as a usage text), else they are escaped too, so an error stays one line.
  public static func escaped(_ text: some StringProtocol, keepingLineBreaks: Bool = false) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\t": out.unicodeScalars.append(scalar)
      case "\n" where keepingLineBreaks: out.unicodeScalars.append(scalar)
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case _ where needsEscape(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1 (0x9B is a one-byte CSI)
    case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }
}
