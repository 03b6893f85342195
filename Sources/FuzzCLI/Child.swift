import DurableFiles
import Foundation
import Fuzzing

/// One reader's campaign, in the child process the supervisor watches. Before each input its
/// index is written to the progress file, so that a crash or a hang names the input; memory is
/// capped, so that a reader asking for 80 GB dies here (a crash) instead of taking the machine.
func runChild(_ reader: String, _ options: FuzzOptions) throws -> Int32 {
  var limit = rlimit(rlim_cur: 16 << 30, rlim_max: 16 << 30)
  setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
  let target = try FuzzCorpus(root: options.root).target(reader)
  let scratch = scratchRoot().appendingPathComponent("gravitas-fuzz-\(reader)-\(getpid())")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let descriptor = options.progress.map { open($0.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644) } ?? -1
  defer { if descriptor >= 0 { close(descriptor) } }
  let report = Campaign(target: target, seed: options.seed).run(
    inputs: options.inputs, scratch: scratch, findings: options.findings
  ) { index in
    guard descriptor >= 0 else { return }
    var word = Int64(index).littleEndian
    _ = pwrite(descriptor, &word, 8, 0)
  }
  print(
    "REPORT \(report.reader) \(report.inputs) \(report.accepted) \(report.rejected) \(report.garbage.count) \(report.seconds)"
  )
  for finding in report.garbage.prefix(20) { print("GARBAGE \(finding.index): \(finding.reason)") }
  return report.garbage.isEmpty ? 0 : 1
}

/// Runs one input of a campaign again, in this process, and says what the reader did.
func replay(_ index: Int, _ options: FuzzOptions) throws -> Int32 {
  guard let reader = options.readers.first else { return 2 }
  let target = try FuzzCorpus(root: options.root).target(reader)
  let campaign = Campaign(target: target, seed: options.seed)
  let input = campaign.input(index)
  if let write = options.write { try DurableFile.write(Data(input.bytes), to: write) }
  let scratch = scratchRoot().appendingPathComponent("gravitas-fuzz-replay-\(getpid())")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  print("\(reader) seed \(options.seed) input \(index): slot \(input.slot), \(input.bytes.count) bytes")
  do {
    print(try target.run(input, in: scratch) == .accepted ? "accepted, invariants hold" : "rejected with an error")
    return 0
  } catch {
    print("accepted garbage: \(error)")
    return 1
  }
}
