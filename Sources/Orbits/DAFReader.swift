import Foundation

/// Reads NAIF's Double precision Array File container: the file record, the chain of summary
/// records, and the arrays (segments) they describe.
struct DAFReader {
  let data: Data
  let file: String

  private func int32(at offset: Int) -> Int {
    Int(Int32(littleEndian: data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int32.self) }))
  }

  private func double(at offset: Int) -> Double {
    Double(bitPattern: UInt64(littleEndian: data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }))
  }

  /// Doubles at 1-based DAF word addresses first...last.
  private func doubles(_ first: Int, _ last: Int) throws -> [Double] {
    guard first >= 1, last >= first, last * 8 <= data.count else {
      throw OrbitsError.malformedKernel(file: file, reason: "array words \(first)…\(last) lie outside the file (\(data.count) bytes)")
    }
    return data.withUnsafeBytes { raw in
      (first...last).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: ($0 - 1) * 8, as: UInt64.self))) }
    }
  }

  func spkSegments() throws -> [SPKKernel.Segment] {
    guard data.count >= 1024 else { throw OrbitsError.notDAF(file: file, found: String(decoding: data.prefix(8), as: UTF8.self)) }
    let identifier = String(decoding: data.prefix(8), as: UTF8.self)
    guard identifier.hasPrefix("DAF/SPK") else { throw OrbitsError.notDAF(file: file, found: identifier) }
    let format = String(decoding: data[88..<96], as: UTF8.self)
    guard format == "LTL-IEEE" else { throw OrbitsError.unsupportedByteOrder(file: file, format: format) }
    let (nd, ni) = (int32(at: 8), int32(at: 12))
    guard nd == 2, ni == 6 else { throw OrbitsError.malformedKernel(file: file, reason: "ND = \(nd), NI = \(ni); SPK has 2 and 6") }
    let summaryDoubles = nd + (ni + 1) / 2
    var record = int32(at: 76)
    var segments: [SPKKernel.Segment] = []
    var visited = Set<Int>()
    while record > 0 {
      guard visited.insert(record).inserted, record * 1024 <= data.count else {
        throw OrbitsError.malformedKernel(file: file, reason: "summary record \(record) is out of the file or loops")
      }
      let base = (record - 1) * 1024
      let (next, count) = (Int(double(at: base)), Int(double(at: base + 16)))
      for i in 0..<count {
        let offset = base + 24 + i * summaryDoubles * 8
        let (start, end) = (double(at: offset), double(at: offset + 8))
        let ints = (0..<6).map { int32(at: offset + 16 + 4 * $0) }
        segments.append(try segment(target: ints[0], center: ints[1], frame: ints[2], type: ints[3],
                                    first: ints[4], last: ints[5], start: start, end: end))
      }
      record = next
    }
    return segments
  }

  private func segment(target: Int, center: Int, frame: Int, type: Int, first: Int, last: Int,
                       start: Double, end: Double) throws -> SPKKernel.Segment {
    guard type == 2 || type == 3 else { throw OrbitsError.unsupportedSegmentType(file: file, type: type) }
    let words = try doubles(first, last)
    let trailer = Array(words.suffix(4))
    let (initial, length, size, count) = (trailer[0], trailer[1], Int(trailer[2]), Int(trailer[3]))
    guard size > 2, count > 0, length > 0, size * count + 4 == words.count else {
      throw OrbitsError.malformedKernel(file: file, reason: "segment \(center)→\(target): \(count) records of \(size) words do not fill \(words.count - 4) words")
    }
    return SPKKernel.Segment(target: target, center: center, frame: frame, type: type, start: start, end: end,
                             initialEpoch: initial, intervalLength: length, recordSize: size, count: count,
                             records: Array(words.prefix(size * count)))
  }
}
