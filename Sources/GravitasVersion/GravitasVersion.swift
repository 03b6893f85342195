/// The package's version, printed by every command's `--version`.
public enum GravitasVersion {
  public static let number = "0.1.0"

  /// The first line of `--version`: "cosmo (Gravitas 0.1.0)".
  public static func line(command: String) -> String { "\(command) (Gravitas \(number))" }
}
