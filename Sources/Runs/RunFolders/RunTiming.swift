import DurableFiles
import Foundation

/// RUN/timing.json: what a run cost in wall-clock time, kept out of report.json so that a report
/// depends only on what was computed — a rerun, a resumed run and gathered shards write the same
/// report bytes, and this is the one file that differs.
public struct RunTiming: Codable, Equatable, Sendable {
  /// The command that wrote it, e.g. "cosmo fit" or "cosmo gather".
  public var command: String
  /// This process's wall time, from its start to the report (a resumed run counts only itself).
  public var seconds: Double

  public init(command: String, seconds: Double) {
    (self.command, self.seconds) = (command, seconds)
  }

  /// The bytes timing.json holds, as the run's other documents: pretty, sorted keys, a final newline.
  public func encoded() throws -> Data { try runFileBytes(self) }

  public func write(to url: URL) throws { try DurableFile.write(try encoded(), to: url) }
}
