import Foundation

extension SPKKernel {
  /// A small kernel cut from this one: the first `records` records of the segment of each body
  /// in `targets` (in that order), its coverage shortened to match, as a little-endian DAF/SPK
  /// file. Fuzz seeds and malformed-kernel tests start from it: real coefficients, a few KB.
  ///
  /// Layout: record 1 the file record, record 2 the one summary record, record 3 its (blank)
  /// name record, the arrays from record 4 (word 385) on.
  public func excerpt(targets: [Int], records: Int) throws -> Data {
    let chosen = try targets.map { target in
      guard let segment = segments.first(where: { $0.target == target }) else {
        throw OrbitsError.bodyNotInKernel(body: target, available: bodies)
      }
      return segment
    }
    precondition(
      records >= 1 && chosen.count <= DAFReader.summariesPerRecord, "SPKKernel.excerpt: 1… records, ≤ 25 segments")
    var words: [Double] = []
    var summaries: [(start: Double, end: Double, ints: [Int32])] = []
    let firstWord = 3 * 128 + 1
    for segment in chosen {
      let count = min(records, segment.count)
      let begin = firstWord + words.count
      words += segment.records.prefix(count * segment.recordSize)
      words += [segment.initialEpoch, segment.intervalLength, Double(segment.recordSize), Double(count)]
      let end = segment.initialEpoch + Double(count) * segment.intervalLength
      summaries.append(
        (
          max(segment.start, segment.initialEpoch), min(segment.end, end),
          [
            Int32(segment.target), Int32(segment.center), Int32(segment.frame), Int32(segment.type),
            Int32(begin), Int32(firstWord + words.count - 1),
          ]
        ))
    }
    var file = Data(count: 3 * 1024)
    func put(_ text: String, at offset: Int) {
      file.replaceSubrange(offset..<(offset + text.utf8.count), with: Data(text.utf8))
    }
    func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
      withUnsafeBytes(of: value.littleEndian) { file.replaceSubrange(offset..<(offset + $0.count), with: $0) }
    }
    func put(_ value: Double, at offset: Int) { put(value.bitPattern, at: offset) }
    put("DAF/SPK ", at: 0)
    put(Int32(2), at: 8)
    put(Int32(6), at: 12)
    put("gravitas excerpt".padding(toLength: 60, withPad: " ", startingAt: 0), at: 16)
    put(Int32(2), at: 76)  // first summary record
    put(Int32(2), at: 80)  // last summary record
    put(Int32(firstWord + words.count), at: 84)  // first free word
    put("LTL-IEEE", at: 88)
    put(0.0, at: 1024)  // next summary record: none
    put(0.0, at: 1024 + 8)
    put(Double(summaries.count), at: 1024 + 16)
    for (i, summary) in summaries.enumerated() {
      let offset = 1024 + 24 + i * 40
      put(summary.start, at: offset)
      put(summary.end, at: offset + 8)
      for (k, value) in summary.ints.enumerated() { put(value, at: offset + 16 + 4 * k) }
    }
    file.replaceSubrange(2048..<3072, with: Data(repeating: 0x20, count: 1024))
    for word in words { withUnsafeBytes(of: word.bitPattern.littleEndian) { file.append(contentsOf: $0) } }
    // Whole records, as NAIF's tools write them.
    file.append(Data(count: (1024 - file.count % 1024) % 1024))
    return file
  }
}
