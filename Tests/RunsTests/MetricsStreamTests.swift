import Foundation
import TensorCore
import XCTest

@testable import NN
@testable import Runs

/// `--metrics-jsonl`: one JSON object per epoch, in key order, readable line by line as written.
final class MetricsStreamTests: XCTestCase {
  private var file: URL!

  override func setUp() {
    file = FileManager.default.temporaryDirectory.appendingPathComponent("gravitas-metrics-\(UUID().uuidString).jsonl")
  }

  override func tearDown() { try? FileManager.default.removeItem(at: file) }

  func testWritesOneParsableLinePerCallInKeyOrder() throws {
    let stream = try MetricsStream(destination: file.path)
    try stream.write([
      "fold": .integer(2), "name": .string("a \"b\"\n\u{1}"), "loss": .number(0.25), "bad": .number(.nan),
      "done": .bool(true),
    ])
    // Visible before the stream is closed: each line reaches the file as it is written.
    let text = try String(contentsOf: file, encoding: .utf8)
    XCTAssertEqual(
      text, "{\"fold\": 2, \"name\": \"a \\\"b\\\"\\n\\u0001\", \"loss\": 0.25, \"bad\": null, \"done\": true}\n")
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    XCTAssertEqual(object["name"] as? String, "a \"b\"\n\u{1}")
    XCTAssertTrue(object["bad"] is NSNull)
  }

  func testCallbackWritesEachEpochScaled() throws {
    let stream = try MetricsStream(destination: file.path)
    let callback = MetricsJSONLCallback(
      stream: stream, context: [("fold", .integer(1))],
      naming: .init(training: "train_chi2_per_n", validation: "val_chi2_per_n", trainingScale: 4, validationScale: 2),
      start: Date())
    let x = Tensor(shape: [4, 1], scalars: [0, 1, 2, 3])
    var g = RandomGenerator(seed: 3)
    let model = MLP(widths: [1, 3, 1], generator: &g)
    let loop = try Trainer(epochs: 3, rowCount: 4, callbacks: [callback])
      .fit(
        model, optimizer: Adam(for: model.parameters, learningRate: 0.01), generator: g,
        trainingLoss: { m, _, c in Loss.meanSquaredError(m(x, context: c), x) },
        validationLoss: { m in Loss.meanSquaredError(m(x), x).scalar })
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(lines.count, 3)
    for (line, m) in zip(lines, loop.history) {
      XCTAssertTrue(line.hasPrefix("{\"fold\": 1, \"epoch\": \(m.epoch), \"train_chi2_per_n\": "), String(line))
      let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      // Exact in the text (Swift's shortest round-trip form); Foundation's parser on Linux is not.
      XCTAssertTrue(line.contains("\"train_chi2_per_n\": \(m.trainingLoss / 4), "), String(line))
      XCTAssertTrue(line.contains("\"val_chi2_per_n\": \(try XCTUnwrap(m.validationLoss) / 2), "), String(line))
      XCTAssertEqual(try XCTUnwrap(object["train_chi2_per_n"] as? Double), m.trainingLoss / 4, accuracy: 1e-12)
      XCTAssertEqual(object["lr"] as? Double, 0.01)
      XCTAssertNotNil(object["elapsed_s"] as? Double)
    }
  }

  func testRefusesAFileItCannotCreate() {
    XCTAssertThrowsError(try MetricsStream(destination: "/nonexistent-folder/m.jsonl")) {
      XCTAssertEqual("\($0)", "/nonexistent-folder/m.jsonl: cannot write: cannot create the metrics stream")
    }
  }
}
