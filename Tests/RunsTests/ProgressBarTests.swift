import XCTest

@testable import NN
@testable import Runs

/// Collects output and supplies a scripted clock; a class so closures can share it.
private final class Recorder {
  var text = ""
  var now = 0.0
}

final class ProgressBarTests: XCTestCase {
  func testLineContent() {
    XCTAssertEqual(
      ProgressBar.line(epoch: 5, total: 10, loss: 0.5, validationLoss: 0.61234, elapsed: 10),
      "epoch  5/10 [##########----------] loss 0.5000 val 0.6123 2s/epoch ETA 10s")
    XCTAssertEqual(
      ProgressBar.line(epoch: 100, total: 400, loss: 12345, validationLoss: nil, elapsed: 25),
      "epoch 100/400 [#####---------------] loss 1.234e+04 4.0 epoch/s ETA 1m15s")
    XCTAssertEqual(ProgressLine.duration(7260), "2h01m")
  }

  func testTerminalRedrawsInPlace() {
    let recorder = Recorder()
    var bar = ProgressBar(
      totalEpochs: 3, output: { recorder.text += $0 }, isTerminal: true, clock: { recorder.now })
    for epoch in 1...3 {
      recorder.now += 1
      bar.update(epoch: epoch, loss: 1 / Double(epoch))
    }
    XCTAssertEqual(recorder.text.filter { $0 == "\r" }.count, 3)
    XCTAssertEqual(recorder.text.filter { $0 == "\n" }.count, 1)
    XCTAssertTrue(recorder.text.hasSuffix("ETA 0s\n"))
  }

  func testTerminalRedrawsAtMostTenTimesASecondButAlwaysTheLast() {
    let recorder = Recorder()
    var bar = ProgressBar(totalEpochs: 100, output: { recorder.text += $0 }, isTerminal: true, clock: { recorder.now })
    for epoch in 1...100 {
      recorder.now += 0.01
      bar.update(epoch: epoch, loss: 1)
    }
    // Epochs 1, 11, 21, …, 91 (every 0.1 s), then the last.
    XCTAssertEqual(recorder.text.filter { $0 == "\r" }.count, 11)
    XCTAssertTrue(recorder.text.contains("epoch 100/100"))
  }

  func testFinishTerminatesALineLeftOpenByAnEarlyStop() {
    let recorder = Recorder()
    var bar = ProgressBar(totalEpochs: 10, output: { recorder.text += $0 }, isTerminal: true, clock: { recorder.now })
    bar.update(epoch: 1, loss: 1)
    XCTAssertFalse(recorder.text.hasSuffix("\n"))
    bar.finish()
    bar.finish()
    XCTAssertEqual(recorder.text.filter { $0 == "\n" }.count, 1)
  }

  func testPlainOutputIsRateLimitedButShowsFirstAndLast() {
    let recorder = Recorder()
    var bar = ProgressBar(
      totalEpochs: 20, output: { recorder.text += $0 }, isTerminal: false, minimumLineInterval: 5,
      clock: { recorder.now })
    for epoch in 1...20 {
      recorder.now += 1
      bar.update(epoch: epoch, loss: 1, validationLoss: 2)
    }
    let lines = recorder.text.split(separator: "\n")
    XCTAssertFalse(recorder.text.contains("\r"))
    // One line per 5 s of a 1 s/epoch run: epochs 1, 6, 11, 16, then the last.
    XCTAssertEqual(
      lines.map { $0.prefix(11) }, ["epoch  1/20", "epoch  6/20", "epoch 11/20", "epoch 16/20", "epoch 20/20"])
  }
}

final class TransferProgressTests: XCTestCase {
  func testLineContent() {
    XCTAssertEqual(
      TransferProgress.line(name: "a.cov", bytes: 12_000_000, total: 33_000_000, elapsed: 4),
      "a.cov [#######-------------] 12.0/33.0 MB 3.0 MB/s ETA 7s")
    XCTAssertEqual(
      TransferProgress.line(name: "a.cov", bytes: 5_000_000, total: 0, elapsed: 2), "a.cov 5.0 MB 2.5 MB/s")
    XCTAssertEqual(TransferProgress.line(name: "a.cov", bytes: 0, total: 0, elapsed: 0), "a.cov 0.0 MB")
  }

  func testTheLastByteEndsTheLineOnATerminal() {
    let recorder = Recorder()
    var progress = TransferProgress(
      name: "a.cov", line: ProgressLine(output: { recorder.text += $0 }, isTerminal: true, clock: { recorder.now }))
    for bytes in [Int64(0), 3_000_000, 6_000_000] {
      recorder.now += 1
      progress.update(bytes: bytes, of: 6_000_000)
    }
    progress.update(bytes: 6_000_000, of: 6_000_000)  // once finished, further reports change nothing
    XCTAssertEqual(recorder.text.filter { $0 == "\r" }.count, 3)
    XCTAssertTrue(recorder.text.hasSuffix("\ra.cov [####################] 6.0/6.0 MB 2.0 MB/s ETA 0s\n"), recorder.text)
    progress.finish()
    XCTAssertEqual(recorder.text.filter { $0 == "\n" }.count, 1)
  }
}
