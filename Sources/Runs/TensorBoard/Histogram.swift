/// Equal-width histogram of the finite values, in the shape of TensorBoard's HistogramProto.
struct Histogram {
  var minimum = 0.0
  var maximum = 0.0
  var count = 0
  var sum = 0.0
  var sumOfSquares = 0.0
  /// Right edge of each bucket; bucket i holds values in (limit[i-1], limit[i]].
  var bucketLimits: [Double] = []
  var bucketCounts: [Double] = []

  init(values: [Double], bucketCount: Int) {
    let finite = values.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return }
    minimum = low
    maximum = high
    count = finite.count
    sum = finite.reduce(0, +)
    sumOfSquares = finite.reduce(0) { $0 + $1 * $1 }
    guard high > low else {
      // All values equal: one bucket at that value.
      bucketLimits = [high]
      bucketCounts = [Double(count)]
      return
    }
    let width = (high - low) / Double(bucketCount)
    bucketLimits = (1...bucketCount).map { low + width * Double($0) }
    bucketLimits[bucketCount - 1] = high  // exact, despite rounding
    bucketCounts = Array(repeating: 0, count: bucketCount)
    for value in finite {
      // Right-closed buckets: a value on an edge belongs to the bucket on its left.
      var bucket = Int(((value - low) / width).rounded(.up)) - 1
      bucket = min(max(bucket, 0), bucketCount - 1)
      bucketCounts[bucket] += 1
    }
  }
}
