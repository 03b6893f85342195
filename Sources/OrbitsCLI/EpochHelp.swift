import ArgumentParser
import Foundation
import HTTP
import Orbits

/// What `--start` and `--stop` accept, how a bad one is reported, and the notes printed about
/// them: a date without a scale is read as TDB, and a UTC date beyond the leap-second table.
enum EpochHelp {
  static let discussion = """
    Epochs are converted to TDB (the scale of kernels and of Horizons vectors) with the IAU SOFA \
    routines (ERFA), leap seconds included: '2024-01-01T00:00:00 UTC', '2024-01-01 12:00 TT', \
    '2024-01-01T00:00:00Z' (UTC), 'JD 2460310.5 TDB', 'MJD 60310 UTC'. A date without a scale is TDB.
    """

  static func epoch(_ text: String, option: String) throws -> Epoch {
    do { return try Epoch(text) } catch { throw ValidationError("\(option): \(TerminalText.escaped("\(error)"))") }
  }

  /// One line to standard error per epoch that needs a word: no scale given, or a warning.
  static func report(_ epochs: [(option: String, epoch: Epoch)]) {
    for (option, epoch) in epochs {
      var notes: [String] = []
      if !epoch.scaleStated { notes.append("\(option) \(epoch.text) has no time scale: read as TDB") }
      if let warning = epoch.warning { notes.append("\(option) \(warning)") }
      for note in notes { FileHandle.standardError.write(Data((TerminalText.escaped("note: " + note) + "\n").utf8)) }
    }
  }
}
