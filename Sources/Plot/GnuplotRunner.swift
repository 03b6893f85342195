import Foundation

/// Runs gnuplot on a script in the script's directory, rendering into a temporary file that
/// is renamed onto `image` only when gnuplot succeeded.
struct GnuplotRunner {
  var executable: URL

  /// `format` is passed to the script as gnuplot's `format` variable (`png` or `pdf`).
  func render(script: URL, into image: URL, format: String? = nil) throws {
    let temporary = AtomicFile.temporaryURL(for: image)
    defer { try? FileManager.default.removeItem(at: temporary) }
    let process = Process()
    process.executableURL = executable
    process.currentDirectoryURL = script.deletingLastPathComponent()
    let formatSetting = format.map { "format=\(quote($0)); " } ?? ""
    process.arguments = ["-e", "\(formatSetting)outfile=\(quote(temporary.lastPathComponent))", script.lastPathComponent]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw PlotError.gnuplotNotRunnable(path: executable.path, reason: error.localizedDescription)
    }
    // Read to EOF before waiting, so a chatty gnuplot cannot block on a full pipe.
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let size = (try? FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? Int) ?? 0
    guard process.terminationStatus == 0, size > 0 else {
      throw PlotError.renderFailed(
        script: script.path, exitStatus: process.terminationStatus,
        stderr: stderr.isEmpty && size == 0 ? "no image was written" : stderr)
    }
    try AtomicFile.moveIntoPlace(temporary, image)
  }
}
