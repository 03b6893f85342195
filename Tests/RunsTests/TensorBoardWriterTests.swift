import Foundation
import TensorCore
import XCTest

@testable import NN
@testable import Runs

final class TensorBoardWriterTests: XCTestCase {
  private func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-tb-\(UUID().uuidString)")
  }

  /// A new event file sorts after those already in its folder, which TensorBoard reads in name
  /// order: a run resumed in the second its sweep driver wrote the pruned session's end, and a
  /// second writer started in the same second as the first. (The resumed run's file sorted first
  /// and TensorBoard showed the pruned trial as SUCCESS.)
  func testANewEventFileSortsAfterTheFolderPresentOnes() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "_")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let driverFile = "events.out.tfevents.1700000005.\(host).gravitas-sweep"
    FileManager.default.createFile(atPath: directory.appendingPathComponent(driverFile).path, contents: Data())
    let resumed = try TensorBoardWriter(logDirectory: directory, wallTime: { 1_700_000_005.5 })
    let again = try TensorBoardWriter(logDirectory: directory, wallTime: { 1_700_000_005.5 })
    let names = [driverFile, resumed.file.lastPathComponent, again.file.lastPathComponent]
    XCTAssertEqual(names.sorted(), names)
    XCTAssertEqual(Set(names).count, 3)
    XCTAssertEqual(resumed.file.lastPathComponent, "events.out.tfevents.1700000006.\(host)")
    // Nothing there, or only older files: the name carries the clock's second.
    XCTAssertEqual(
      TensorBoardWriter.fileName(time: 1_700_000_009, host: "h", after: ["events.out.tfevents.1700000008.h", "plots"]),
      "events.out.tfevents.1700000009.h")
    XCTAssertEqual(TensorBoardWriter.fileName(time: 7, host: "h", after: []), "events.out.tfevents.7.h")
    // A folder's names come from outside: a far-future second or a name no writer here gives is
    // sorted after at once, never counted up to.
    for latest in [
      "events.out.tfevents.9999999999.h", "events.out.tfevents.zzz", "events.out.tfevents.99999999999999999999",
    ] {
      let name = TensorBoardWriter.fileName(time: 1_700_000_009, host: "h", after: [latest])
      XCTAssertGreaterThan(name, latest)
      XCTAssertEqual(name, latest + ".h")
    }
  }

  func testEventFileFramingAndContentReadBack() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var clock = 1_700_000_000.25
    let writer = try TensorBoardWriter(
      logDirectory: directory,
      wallTime: {
        clock += 1
        return clock
      })
    XCTAssertTrue(writer.file.lastPathComponent.hasPrefix("events.out.tfevents.1700000001."))
    try writer.addScalar(tag: "loss/train", value: 0.5, step: 1)
    try writer.addScalar(tag: "loss/train", value: 0.25, step: -2)  // negative steps are legal int64
    try writer.addHistogram(tag: "weights", values: [0, 1, 1, 2, 3, .nan], step: 3, bucketCount: 3)
    let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 17) + [6, 0])
    try writer.addImage(tag: "fit", pngData: png, width: 4, height: 3, step: 4)
    try writer.flush()

    let records = try TFRecordReader.records([UInt8](Data(contentsOf: writer.file)))
    XCTAssertEqual(records.count, 5)
    let events = try records.map(TFRecordReader.fields)
    XCTAssertEqual(events[0][3]?.first?.string, "brain.Event:2")
    XCTAssertEqual(events[0][1]?.first?.double, 1_700_000_002.25)

    func value(_ event: [Int: [TFRecordReader.Field]]) throws -> [Int: [TFRecordReader.Field]] {
      let summary = try XCTUnwrap(event[5]?.first?.message)
      return try XCTUnwrap(summary[1]?.first?.message)
    }
    let scalar = try value(events[1])
    XCTAssertEqual(events[1][2]?.first?.int, 1)
    XCTAssertEqual(scalar[1]?.first?.string, "loss/train")
    XCTAssertEqual(scalar[2]?.first?.float, 0.5)
    XCTAssertEqual(events[2][2]?.first?.int, -2)

    let histogram = try XCTUnwrap(try value(events[3])[5]?.first?.message)
    XCTAssertEqual(histogram[1]?.first?.double, 0)  // min
    XCTAssertEqual(histogram[2]?.first?.double, 3)  // max
    XCTAssertEqual(histogram[3]?.first?.double, 5)  // num (NaN dropped)
    XCTAssertEqual(histogram[4]?.first?.double, 7)  // sum
    XCTAssertEqual(histogram[5]?.first?.double, 15)  // sum of squares
    XCTAssertEqual(histogram[6]?.first?.packedDoubles, [1, 2, 3])
    // Right-closed buckets: (−∞,1] holds 0,1,1; (1,2] holds 2; (2,3] holds 3.
    XCTAssertEqual(histogram[7]?.first?.packedDoubles, [3, 1, 1])

    let image = try XCTUnwrap(try value(events[4])[4]?.first?.message)
    XCTAssertEqual(image[1]?.first?.int, 3)
    XCTAssertEqual(image[2]?.first?.int, 4)
    XCTAssertEqual(image[3]?.first?.int, 4)  // PNG colour type 6 = RGBA
    XCTAssertEqual(image[4]?.first?.bytesValue, [UInt8](png))
  }

  /// A resumed fit starts its event file with a SessionLog START at the epoch it resumes from,
  /// so TensorBoard drops what the killed run logged past its checkpoint instead of showing
  /// those epochs twice.
  func testResumedFitMarksASessionStartAtItsEpoch() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let callback = try TensorBoardCallback(logDirectory: directory, histogramEvery: 0)
    var g = RandomGenerator(seed: 1)
    let model = MLP(widths: [1, 2, 1], generator: &g)
    let history = (0..<3).map { EpochMetrics(epoch: $0, trainingLoss: 1, validationLoss: nil, learningRate: 0) }
    let optimizer = SGD(for: model.parameters, learningRate: 0)
    let resume = ResumeState(
      parameters: model.parameters, buffers: [:], optimizerState: optimizer.state, generator: g, history: history)
    _ = try Trainer(epochs: 4, rowCount: 1, callbacks: [callback])
      .fit(
        model, optimizer: optimizer, generator: g, resume: resume,
        trainingLoss: { m, _, _ in m(Tensor(shape: [1, 1], scalars: [0])).sum() })
    let events = try TFRecordReader.records([UInt8](Data(contentsOf: callback.writer.file))).map(TFRecordReader.fields)
    let start = try XCTUnwrap(events.first { $0[6] != nil })
    XCTAssertEqual(start[2]?.first?.int, 3)
    XCTAssertEqual(try XCTUnwrap(start[6]?.first?.message)[1]?.first?.int, 1)  // SessionLog.START
    let firstScalar = try XCTUnwrap(events.firstIndex { $0[5] != nil })
    XCTAssertLessThan(try XCTUnwrap(events.firstIndex { $0[6] != nil }), firstScalar)
  }

  func testCorruptedByteFailsCRC() throws {
    let record = TensorBoardWriter.tfRecord(Array("payload".utf8))
    XCTAssertEqual(try TFRecordReader.records(record).first, Array("payload".utf8))
    var corrupted = record
    corrupted[13] ^= 0x01
    XCTAssertThrowsError(try TFRecordReader.records(corrupted))
  }

  func testNothingIsLostWhenTheWriterIsReleased() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var file: URL?
    do {
      let writer = try TensorBoardWriter(logDirectory: directory)
      file = writer.file
      for step in 0..<10 { try writer.addScalar(tag: "x", value: Double(step), step: step) }
    }
    let records = try TFRecordReader.records([UInt8](Data(contentsOf: XCTUnwrap(file))))
    XCTAssertEqual(records.count, 11)
  }

  func testTwoWritersInOneSecondGetDistinctFiles() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try TensorBoardWriter(logDirectory: directory, wallTime: { 42 })
    let second = try TensorBoardWriter(logDirectory: directory, wallTime: { 42 })
    XCTAssertNotEqual(first.file, second.file)
  }
}

/// Writes a realistic run for the external check with TensorBoard itself
/// (`check_tb_events.py DIR`): set GRAVITAS_KEEP_TB=DIR to keep it there.
final class TensorBoardDemoRunTests: XCTestCase {
  func testWritesADemoRun() throws {
    let keep = ProcessInfo.processInfo.environment["GRAVITAS_KEEP_TB"]
    let directory =
      keep.map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-tb-demo-\(UUID().uuidString)")
    defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }
    let writer = try TensorBoardWriter(logDirectory: directory)
    for epoch in 1...50 {
      let train = 5 * exp(-Double(epoch) / 10) + 0.9
      try writer.addScalar(tag: "loss/train", value: train, step: epoch)
      try writer.addScalar(tag: "loss/validation", value: train + 0.1 + 0.01 * Double(max(0, epoch - 30)), step: epoch)
      if epoch % 10 == 0 {
        let weights = (0..<500).map { sin(Double($0) * 0.37 + Double(epoch)) / Double(epoch) }
        try writer.addHistogram(tag: "layer0/weight", values: weights, step: epoch)
      }
    }
    // A real PNG: 1×1 RGB, red (IHDR, IDAT, IEND with valid CRC-32s).
    let png = Data(
      base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")!
    try writer.addImage(tag: "fit/red-pixel", pngData: png, width: 1, height: 1, step: 50)
    try writer.flush()
    XCTAssertEqual(try TFRecordReader.records([UInt8](Data(contentsOf: writer.file))).count, 1 + 100 + 5 + 1)
  }
}
