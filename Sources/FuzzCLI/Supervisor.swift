import DurableFiles
import Foundation
import Fuzzing

/// Runs each reader's campaign in a child process of this executable and watches it: a child
/// killed by a signal or a trap is a crash, one whose progress stalls past the per-input budget
/// is a hang (killed), and accepted garbage is what the child reports. Prints one table row per
/// reader and exits non-zero if any reader had any of the three.
struct Supervisor {
  let options: FuzzOptions

  struct Outcome {
    var reader: String
    var line = "", garbage: [String] = []
    var inputs = 0, accepted = 0, rejected = 0, garbageCount = 0, seconds = 0.0
    var crash: String?, hang: String?
  }

  func run() throws -> Int32 {
    let work = scratchRoot().appendingPathComponent("gravitas-fuzz-supervisor-\(getpid())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let start = Date()
    var pending = options.readers[...]
    var running: [(reader: String, process: Process, output: Pipe, progress: URL, lastIndex: Int64, lastChange: Date)] =
      []
    var outcomes: [Outcome] = []
    while !pending.isEmpty || !running.isEmpty {
      while running.count < options.jobs, let reader = pending.popFirst() {
        let progress = work.appendingPathComponent("\(reader).progress")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: process.executableURL?.path ?? "") {
          process.executableURL = Bundle.main.executableURL
        }
        var arguments = [
          "--child", reader, "--progress", progress.path, "--inputs", "\(options.inputs)", "--seed", "\(options.seed)",
          "--root", options.root.path,
        ]
        if let findings = options.findings { arguments += ["--findings", findings.path] }
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        running.append((reader, process, output, progress, -1, Date()))
      }
      Thread.sleep(forTimeInterval: 0.05)
      var still: [(reader: String, process: Process, output: Pipe, progress: URL, lastIndex: Int64, lastChange: Date)] =
        []
      for var job in running {
        let index = Self.index(job.progress)
        if index != job.lastIndex {
          job.lastIndex = index
          job.lastChange = Date()
        }
        if job.process.isRunning {
          if Date().timeIntervalSince(job.lastChange) > options.budget {
            kill(job.process.processIdentifier, SIGKILL)
            job.process.waitUntilExit()
            var outcome = Outcome(reader: job.reader)
            outcome.hang =
              index < 0
              ? "building the seeds took more than \(options.budget) s"
              : "input \(index) ran past \(options.budget) s; replay: \(replayCommand(job.reader, index))"
            outcomes.append(outcome)
          } else {
            still.append(job)
          }
          continue
        }
        outcomes.append(finish(job.reader, job.process, job.output, index))
      }
      running = still
    }
    let total = Date().timeIntervalSince(start)
    print("reader      inputs  accepted  rejected  crashes  hangs  accepted-garbage  seconds")
    for o in outcomes.sorted(by: {
      options.readers.firstIndex(of: $0.reader) ?? 0 < options.readers.firstIndex(of: $1.reader) ?? 0
    }) {
      print(
        o.reader.padding(toLength: 10, withPad: " ", startingAt: 0)
          + String(
            format: " %7d  %8d  %8d  %7d  %5d  %16d  %7.1f", o.inputs, o.accepted, o.rejected,
            o.crash == nil ? 0 : 1, o.hang == nil ? 0 : 1, o.garbageCount, o.seconds))
      for problem in [o.crash, o.hang].compactMap({ $0 }) + o.garbage { print("  \(o.reader): \(problem)") }
    }
    print(
      String(
        format: "seed %llu, %d inputs per reader, %d jobs: %.1f s in all", options.seed, options.inputs, options.jobs,
        total))
    let failed = outcomes.contains { $0.crash != nil || $0.hang != nil || $0.garbageCount > 0 }
    print(failed ? "FAILED" : "ok: 0 crashes, 0 hangs, 0 accepted garbage")
    return failed ? 1 : 0
  }

  private func finish(_ reader: String, _ process: Process, _ output: Pipe, _ index: Int64) -> Outcome {
    process.waitUntilExit()
    var outcome = Outcome(reader: reader)
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: " ")
      if fields.first == "REPORT", fields.count == 7 {
        outcome.inputs = Int(fields[2]) ?? 0
        outcome.accepted = Int(fields[3]) ?? 0
        outcome.rejected = Int(fields[4]) ?? 0
        outcome.garbageCount = Int(fields[5]) ?? 0
        outcome.seconds = Double(fields[6]) ?? 0
      } else if fields.first == "GARBAGE" {
        outcome.garbage.append(
          "accepted garbage, input \(line.dropFirst("GARBAGE ".count)); replay: \(replayCommand(reader, Int64(fields.count > 1 ? Int(fields[1].dropLast()) ?? 0 : 0)))"
        )
      }
    }
    if process.terminationReason == .uncaughtSignal || (process.terminationStatus != 0 && outcome.garbageCount == 0) {
      outcome.crash =
        "crashed (\(process.terminationReason == .uncaughtSignal ? "signal" : "exit") \(process.terminationStatus)) "
        + "at input \(index); replay: \(replayCommand(reader, index))"
    }
    return outcome
  }

  /// The replay command, after saving the input in the findings folder when there is one (the
  /// supervisor rebuilds it from seed and index without running it).
  private func replayCommand(_ reader: String, _ index: Int64) -> String {
    if let findings = options.findings, index >= 0, let target = try? FuzzCorpus(root: options.root).target(reader) {
      let input = Campaign(target: target, seed: options.seed).input(Int(index))
      let url = findings.appendingPathComponent("\(reader)-seed\(options.seed)-input\(index)-slot\(input.slot)")
      try? FileManager.default.createDirectory(at: findings, withIntermediateDirectories: true)
      if (try? DurableFile.write(Data(input.bytes), to: url)) != nil {
        return "gravitas-fuzz \(reader) --seed \(options.seed) --replay \(index) (input saved as \(url.path))"
      }
    }
    return "gravitas-fuzz \(reader) --seed \(options.seed) --replay \(index) --write input"
  }

  /// The index the child last wrote, or −1.
  static func index(_ url: URL) -> Int64 {
    guard let data = try? Data(contentsOf: url), data.count >= 8 else { return -1 }
    return data.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
  }
}
