import Foundation

/// Wall-clock measurement: a warm-up, then the best and median of `repeats` timed runs.
struct Measurement {
  let best: Double
  let median: Double

  static func of(repeats: Int = 5, warmup: Int = 1, _ body: () -> Void) -> Measurement {
    for _ in 0..<warmup { body() }
    var times: [Double] = []
    for _ in 0..<repeats {
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    times.sort()
    return Measurement(best: times[0], median: times[times.count / 2])
  }
}

/// Prints one JSON object per line, keys in the given order.
func emit(_ fields: KeyValuePairs<String, Any>) {
  let body = fields.map { key, value -> String in
    let rendered: String
    switch value {
    case let v as Double: rendered = v.isFinite ? String(format: "%.6g", v) : "null"
    case let v as String: rendered = "\"\(v)\""
    default: rendered = "\(value)"
    }
    return "\"\(key)\": \(rendered)"
  }
  print("{" + body.joined(separator: ", ") + "}")
  fflush(nil)  // stdout, without naming the C global (Swift 6)
}
