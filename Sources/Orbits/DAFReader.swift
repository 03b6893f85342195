import Foundation

/// Reads NAIF's Double precision Array File container: the file record, the chain of summary
/// records, and the arrays (segments) they describe.
///
/// The file is untrusted: every count and address is checked against the file's own length
/// before it is used, record numbers held as doubles must be exact integers, the summary chain
/// may not loop, segments may not overlap (so their copies together never exceed the file), and
/// every coefficient must be finite.
struct DAFReader {
  let data: Data
  let file: String

  /// Summaries a 1024-byte record can hold: (1024 − 24) / 40 for SPK's ND = 2, NI = 6.
  static let summariesPerRecord = 25

  private func int32(at offset: Int) -> Int {
    Int(Int32(littleEndian: data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int32.self) }))
  }

  private func double(at offset: Int) -> Double {
    Double(
      bitPattern: UInt64(
        littleEndian: data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }))
  }

  private func malformed(_ reason: String) -> OrbitsError { .malformedKernel(file: file, reason: reason) }

  /// A count or address stored as a double: an exact integer in `range`, or an error naming it.
  private func integer(_ value: Double, _ range: ClosedRange<Int>, _ what: String, at offset: Int) throws -> Int {
    guard value.isFinite, value == value.rounded(), value >= Double(range.lowerBound), value <= Double(range.upperBound)
    else {
      throw malformed(
        "\(what) at byte \(offset) is \(value), expected an integer in \(range.lowerBound)…\(range.upperBound)")
    }
    return Int(value)
  }

  /// Doubles at 1-based DAF word addresses first...last.
  private func doubles(_ first: Int, _ last: Int) throws -> [Double] {
    guard first >= 1, last >= first, last <= data.count / 8 else {
      throw malformed("array words \(first)…\(last) lie outside the file (\(data.count) bytes) or are reversed")
    }
    return data.withUnsafeBytes { raw in
      (first...last).map {
        Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: ($0 - 1) * 8, as: UInt64.self)))
      }
    }
  }

  func spkSegments() throws -> [SPKKernel.Segment] {
    guard data.count >= 1024 else {
      throw OrbitsError.notDAF(file: file, found: String(decoding: data.prefix(8), as: UTF8.self))
    }
    let identifier = String(decoding: data.prefix(8), as: UTF8.self)
    guard identifier.hasPrefix("DAF/SPK") else { throw OrbitsError.notDAF(file: file, found: identifier) }
    let format = String(decoding: data[88..<96], as: UTF8.self)
    guard format == "LTL-IEEE" else { throw OrbitsError.unsupportedByteOrder(file: file, format: format) }
    let (nd, ni) = (int32(at: 8), int32(at: 12))
    guard nd == 2, ni == 6 else { throw malformed("ND = \(nd), NI = \(ni); SPK has 2 and 6") }
    let summaryDoubles = nd + (ni + 1) / 2
    let records = data.count / 1024
    var record = int32(at: 76)
    var segments: [SPKKernel.Segment] = []
    var used: [ClosedRange<Int>] = []
    var copied = 0
    var visited = Set<Int>()
    while record > 0 {
      guard visited.insert(record).inserted, record <= records else {
        throw malformed("summary record \(record) is out of the file (\(records) records) or loops")
      }
      let base = (record - 1) * 1024
      let next = try integer(double(at: base), 0...records, "next summary record", at: base)
      let count = try integer(double(at: base + 16), 0...Self.summariesPerRecord, "summary count", at: base + 16)
      for i in 0..<count {
        let offset = base + 24 + i * summaryDoubles * 8
        let (start, end) = (double(at: offset), double(at: offset + 8))
        let ints = (0..<6).map { int32(at: offset + 16 + 4 * $0) }
        // Arrays of a DAF never share words: together they cannot exceed the file, which bounds
        // what the copies below allocate (checked again, for overlaps, once all are known).
        copied += max(0, ints[5] - ints[4] + 1)
        guard copied <= data.count / 8 else {
          throw malformed(
            "segments at and before byte \(offset) claim \(copied) words; the file holds \(data.count / 8)")
        }
        segments.append(
          try segment(
            target: ints[0], center: ints[1], frame: ints[2], type: ints[3],
            first: ints[4], last: ints[5], start: start, end: end, at: offset))
        used.append(ints[4]...ints[5])
      }
      record = next
    }
    let sorted = used.sorted { $0.lowerBound < $1.lowerBound }
    for (a, b) in zip(sorted, sorted.dropFirst()) where a.overlaps(b) {
      throw malformed("segments overlap: words \(a.lowerBound)…\(a.upperBound) and \(b.lowerBound)…\(b.upperBound)")
    }
    return segments
  }

  private func segment(
    target: Int, center: Int, frame: Int, type: Int, first: Int, last: Int,
    start: Double, end: Double, at offset: Int
  ) throws -> SPKKernel.Segment {
    guard type == 2 || type == 3 else { throw OrbitsError.unsupportedSegmentType(file: file, type: type) }
    let name = "segment \(center)→\(target) (summary at byte \(offset))"
    guard target != center else { throw malformed("\(name): a body cannot be its own centre") }
    guard start.isFinite, end.isFinite, start <= end else {
      throw malformed("\(name): coverage \(start)…\(end) s is not a finite, increasing range")
    }
    let words = try doubles(first, last)
    guard words.count >= 7 else {
      throw malformed("\(name): \(words.count) words cannot hold a record and the 4-word trailer")
    }
    let trailer = Array(words.suffix(4))
    let trailerOffset = (last - 4) * 8
    let (initial, length) = (trailer[0], trailer[1])
    let size = try integer(trailer[2], 3...(words.count - 4), "\(name): record size", at: trailerOffset + 16)
    let count = try integer(trailer[3], 1...(words.count - 4), "\(name): record count", at: trailerOffset + 24)
    let perAxis = type == 3 ? 6 : 3
    guard (size - 2) % perAxis == 0 else {
      throw malformed("\(name): record size \(size) is not 2 + \(perAxis) × coefficients for type \(type)")
    }
    let (product, overflow) = size.multipliedReportingOverflow(by: count)
    guard !overflow, product + 4 == words.count else {
      throw malformed("\(name): \(count) records of \(size) words do not fill \(words.count - 4) words")
    }
    guard initial.isFinite, length.isFinite, length > 0 else {
      throw malformed(
        "\(name): records start at \(initial) s and last \(length) s; expected finite numbers and a positive length")
    }
    // The coverage must lie within the records, or states there would come from extrapolation.
    let recordsEnd = initial + Double(count) * length
    let slack = 1e-9 * max(abs(initial), abs(recordsEnd), 1)
    guard start >= initial - slack, end <= recordsEnd + slack else {
      throw malformed("\(name): coverage \(start)…\(end) s is outside its records' \(initial)…\(recordsEnd) s")
    }
    if let bad = words.firstIndex(where: { !$0.isFinite }) {
      throw malformed(
        "\(name): word \(first + bad) (byte \((first + bad - 1) * 8)) is \(words[bad]), not a finite number")
    }
    return SPKKernel.Segment(
      target: target, center: center, frame: frame, type: type, start: start, end: end,
      initialEpoch: initial, intervalLength: length, recordSize: size, count: count,
      records: Array(words.prefix(size * count)))
  }
}
