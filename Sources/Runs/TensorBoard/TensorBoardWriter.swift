import Foundation
import NN

/// Writes TensorBoard event files (`events.out.tfevents.<unix time>.<hostname>`) without
/// TensorFlow: `Event` protobufs, hand-encoded, in TFRecord framing.
///
/// Each record is `uint64 length | uint32 masked CRC-32C(length) | data | uint32 masked
/// CRC-32C(data)`, all little-endian. The first event carries `file_version = "brain.Event:2"`.
/// Records are buffered in memory until `flush()` (or 64 KiB accumulate, or the writer is
/// released), so call `flush()` at the end of each epoch to make them visible.
public final class TensorBoardWriter {
  public let file: URL
  private let handle: FileHandle
  private let wallTime: () -> Double
  private var pending: [UInt8] = []
  private static let flushThreshold = 64 * 1024

  /// Creates `logDirectory` if needed and opens a new event file in it.
  /// - Parameter wallTime: seconds since 1970, injectable for tests.
  public init(
    logDirectory: URL, wallTime: @escaping () -> Double = { Date().timeIntervalSince1970 }
  ) throws {
    self.wallTime = wallTime
    let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "_")
    do {
      try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
    } catch {
      throw RunsError.writeFailed(path: logDirectory.path, reason: error.localizedDescription)
    }
    let name = Self.fileName(
      time: Int(wallTime()), host: host,
      after: (try? FileManager.default.contentsOfDirectory(atPath: logDirectory.path)) ?? [])
    file = logDirectory.appendingPathComponent(name)
    guard FileManager.default.createFile(atPath: file.path, contents: nil),
      let handle = FileHandle(forWritingAtPath: file.path)
    else { throw RunsError.writeFailed(path: file.path, reason: "cannot create event file") }
    self.handle = handle
    try append(event(step: 0) { $0.string(3, "brain.Event:2") })
    try flush()
  }

  deinit {
    try? flush()
    try? handle.close()
  }

  /// `events.out.tfevents.<time>.<host>`, named so that it sorts after every event file already
  /// in the folder. TensorBoard reads a folder's event files in name order and keeps the first
  /// HParams session end it meets: a run resumed in the same second as its sweep driver ended the
  /// stopped session (`….<time>.<host>.gravitas-sweep`) sorted before that file, and its SUCCESS
  /// hid the pruned trial's FAILURE. Where the clock's second does not sort last, the name takes
  /// the second after the latest file's; where that cannot sort last either (a name no writer
  /// here gives, from another clock or another tool), the latest name lengthened by the host.
  /// Two writers started in one second get two files the same way. The events inside keep their
  /// true wall times.
  static func fileName(time: Int, host: String, after existing: [String]) -> String {
    let prefix = "events.out.tfevents."
    func name(_ seconds: Int) -> String { "\(prefix)\(seconds).\(host)" }
    guard let latest = existing.filter({ $0.hasPrefix(prefix) }).max(), name(time) <= latest else { return name(time) }
    if let seconds = Int(latest.dropFirst(prefix.count).prefix { $0 != "." }), seconds < Int.max,
      name(seconds + 1) > latest
    {
      return name(seconds + 1)
    }
    return "\(latest).\(host)"
  }

  /// A scalar curve point (shown under SCALARS).
  public func addScalar(tag: String, value: Double, step: Int) throws {
    try addSummaryValue(tag: tag, step: step) { $0.float(2, Float(value)) }
  }

  /// A histogram of `values` (shown under HISTOGRAMS/DISTRIBUTIONS); non-finite values are
  /// dropped. Uses `bucketCount` equal-width buckets between the minimum and maximum;
  /// `bucket_limit[i]` is the right edge of bucket i, as TensorBoard expects.
  public func addHistogram(tag: String, values: [Double], step: Int, bucketCount: Int = 30) throws {
    precondition(bucketCount > 0, "TensorBoardWriter.addHistogram: bucketCount \(bucketCount) must be > 0")
    let histogram = Histogram(values: values, bucketCount: bucketCount)
    try addSummaryValue(tag: tag, step: step) { value in
      value.message(5) { proto in
        proto.double(1, histogram.minimum)
        proto.double(2, histogram.maximum)
        proto.double(3, Double(histogram.count))
        proto.double(4, histogram.sum)
        proto.double(5, histogram.sumOfSquares)
        proto.packedDoubles(6, histogram.bucketLimits)
        proto.packedDoubles(7, histogram.bucketCounts)
      }
    }
  }

  /// An encoded image (PNG) shown under IMAGES. The colour space (1 grey, 2 grey+alpha,
  /// 3 RGB, 4 RGBA) is read from the PNG header; 4 is assumed if it is not a PNG.
  public func addImage(tag: String, pngData: Data, width: Int, height: Int, step: Int) throws {
    let bytes = [UInt8](pngData)
    try addSummaryValue(tag: tag, step: step) { value in
      value.message(4) { image in
        image.int(1, Int64(height))
        image.int(2, Int64(width))
        image.int(3, Int64(Self.pngColorspace(bytes)))
        image.bytes(4, bytes)
      }
    }
  }

  /// Marks a restart at `step` (a `SessionLog` START event): TensorBoard then discards what
  /// earlier files logged at this step or later, so the epochs a killed run logged past its
  /// checkpoint, and logs again on resume, are shown once.
  public func addSessionStart(step: Int) throws {
    try append(event(step: step) { event in event.message(6) { log in log.int(1, 1) } })
  }

  /// Writes buffered records to the file and asks the OS to persist them.
  public func flush() throws {
    guard !pending.isEmpty else { return }
    do {
      try handle.write(contentsOf: pending)
      try handle.synchronize()
    } catch {
      throw RunsError.writeFailed(path: file.path, reason: error.localizedDescription)
    }
    pending.removeAll(keepingCapacity: true)
  }

  // MARK: - Encoding

  /// One `Summary.Value` with `tag` at `step`; `fill` writes the rest of it (a value, metadata).
  func addSummaryValue(tag: String, step: Int, _ fill: (inout ProtobufWriter) -> Void) throws {
    try append(
      event(step: step) { event in
        event.message(5) { summary in
          summary.message(1) { value in
            value.string(1, tag)
            fill(&value)
          }
        }
      })
  }

  private func event(step: Int, _ fill: (inout ProtobufWriter) -> Void) -> [UInt8] {
    var event = ProtobufWriter()
    event.double(1, wallTime())
    event.int(2, Int64(step))
    fill(&event)
    return event.bytes
  }

  private func append(_ data: [UInt8]) throws {
    pending += Self.tfRecord(data)
    if pending.count >= Self.flushThreshold { try flush() }
  }

  /// TFRecord framing of one record.
  static func tfRecord(_ data: [UInt8]) -> [UInt8] {
    var record: [UInt8] = []
    record.reserveCapacity(data.count + 16)
    let length = littleEndianBytes(UInt64(data.count))
    record += length
    record += littleEndianBytes(CRC32C.masked(length))
    record += data
    record += littleEndianBytes(CRC32C.masked(data))
    return record
  }

  private static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
  }

  /// Channels from the PNG IHDR colour type (byte 25): 0 grey, 4 grey+alpha, 2 RGB, 6 RGBA.
  private static func pngColorspace(_ bytes: [UInt8]) -> Int {
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count > 25, Array(bytes[0..<8]) == signature else { return 4 }
    switch bytes[25] {
    case 0: return 1
    case 4: return 2
    case 2: return 3
    default: return 4
    }
  }
}
