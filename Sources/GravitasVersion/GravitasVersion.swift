/// The package's version, printed by every command's `--version`.
public enum GravitasVersion {
  public static let number = "0.1.0"

  /// The first line of `--version`: "cosmo (Gravitas 0.1.0, commit 8b88259a1c2d)".
  /// - Parameter commit: the git commit the binary was built from (each executable's
  ///   `BuildCommit.hash`, written by GitCommitPlugin), nil when not built from a checkout.
  public static func line(command: String, commit: String?) -> String {
    "\(command) (Gravitas \(number), \(commit.map { "commit \($0)" } ?? "unknown commit"))"
  }
}
