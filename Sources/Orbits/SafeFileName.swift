/// File names made from text a user or a server chose (`--body "a/../../../x;"`, a target's
/// name): only letters, digits, `.`, `_`, `-` and `+` survive, so the name stays one component
/// inside the folder it is written to — no `/`, no `..`, no leading dot or dash, no control
/// characters. A name that had to change gets a short hash of the original, so that two
/// different inputs do not land on one file.
public enum SafeFileName {
  public static let maxLength = 80

  public static func component(_ text: String) -> String {
    var out = ""
    var lastWasUnderscore = false
    for scalar in text.unicodeScalars {
      let keep =
        scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-+".unicodeScalars.contains(scalar))
      if keep {
        out.unicodeScalars.append(scalar)
        lastWasUnderscore = false
      } else if !lastWasUnderscore {
        out += "_"
        lastWasUnderscore = true
      }
    }
    while let first = out.first, first == "." || first == "-" || first == "_" { out.removeFirst() }
    while let last = out.last, last == "." || last == "_" { out.removeLast() }
    out = String(out.prefix(maxLength))
    if out != text { out += (out.isEmpty ? "" : "-") + fnv1a(text.utf8).prefix(8) }
    return out
  }
}
