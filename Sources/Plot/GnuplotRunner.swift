import DurableFiles
import Foundation

/// Runs gnuplot on a script in the script's directory, rendering into a temporary file that
/// is renamed onto `image` only when gnuplot succeeded.
struct GnuplotRunner {
  var executable: URL

  /// `format` is passed to the script as gnuplot's `format` variable (`png` or `pdf`).
  func render(script: URL, into image: URL, format: String? = nil) throws {
    let temporary = DurableFile.temporaryURL(beside: image)
    defer { try? FileManager.default.removeItem(at: temporary) }
    let process = Process()
    process.executableURL = executable
    process.currentDirectoryURL = script.deletingLastPathComponent()
    let formatSetting = format.map { "format=\(quote($0)); " } ?? ""
    process.arguments = [
      "-e", "\(formatSetting)outfile=\(quote(temporary.lastPathComponent))", script.lastPathComponent,
    ]
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
    if format == "pdf" {
      // Identical figures give identical bytes: cairo stamps the PDF with the time it was made.
      let bytes = try Data(contentsOf: temporary)
      let fixed = fixingCreationDate(bytes)
      if fixed != bytes { return try DurableFile.write(fixed, to: image) }
    }
    try DurableFile.moveIntoPlace(temporary, as: image)
  }
}

/// `pdf` with the date in its `/CreationDate (D:YYYYMMDDHHmmSSZ)` entry set to 1970-01-01, digit for
/// digit, so that the cross-reference offsets stay right. (Cairo ≥ 1.18 would take
/// SOURCE_DATE_EPOCH instead; Debian 12 has 1.16.)
func fixingCreationDate(_ pdf: Data) -> Data {
  let key = Array("/CreationDate (D:".utf8)
  let epoch = Array("19700101000000".utf8)
  var bytes = [UInt8](pdf)
  guard bytes.count >= key.count + epoch.count,
    let start = (0...(bytes.count - key.count - epoch.count)).first(where: {
      bytes[$0..<($0 + key.count)].elementsEqual(key)
    })
  else { return pdf }
  let digits = start + key.count
  guard bytes[digits..<(digits + epoch.count)].allSatisfy({ (0x30...0x39).contains($0) }) else { return pdf }
  bytes.replaceSubrange(digits..<(digits + epoch.count), with: epoch)
  return Data(bytes)
}
