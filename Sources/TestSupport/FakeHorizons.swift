import Foundation

/// Horizons-shaped vectors replies for a loopback server: whatever a request asks (target,
/// centre, JD span, step) is answered, with a straight-line "orbit" whose velocity grows
/// linearly (x = 1e8 + t km, vx = 1 + 1e-6 t km/s, so every acceleration is 1e-6 km/s²), or
/// answered wrongly on purpose to test that a client notices.
public enum FakeHorizons {
  /// What to get wrong.
  public struct Fault: Sendable {
    public var target: String?
    public var center: String?
    public var frame = "ICRF"
    /// Added to every epoch, days.
    public var shift = 0.0
    /// The index of an epoch left out.
    public var dropEpoch: Int?
    public init(
      target: String? = nil, center: String? = nil, frame: String = "ICRF", shift: Double = 0, dropEpoch: Int? = nil
    ) {
      self.target = target
      self.center = center
      self.frame = frame
      self.shift = shift
      self.dropEpoch = dropEpoch
    }
  }

  /// A query parameter's value as the client sent it (`COMMAND` → `499`), quotes removed.
  public static func parameter(_ key: String, in path: String) -> String? {
    let query = path.removingPercentEncoding ?? path
    guard let range = query.range(of: "\(key)='") else { return nil }
    return String(query[range.upperBound...].prefix { $0 != "'" })
  }

  /// Epochs a request asks for, START_TIME to STOP_TIME by STEP_SIZE.
  public static func epochs(in path: String) -> [Double] {
    guard let start = parameter("START_TIME", in: path).flatMap({ Double($0.dropFirst(3)) }),
      let stop = parameter("STOP_TIME", in: path).flatMap({ Double($0.dropFirst(3)) }),
      let minutes = parameter("STEP_SIZE", in: path).flatMap({ $0.split(separator: " ").first }).flatMap({ Double($0) }
      ),
      minutes > 0, stop >= start, (stop - start) * 1440 / minutes < 1e6
    else { return [] }
    return (0...Int(((stop - start) * 1440 / minutes).rounded())).map { start + Double($0) * minutes / 1440 }
  }

  /// The reply's `result` text.
  public static func text(to path: String, fault: Fault = Fault()) -> String {
    let id = parameter("COMMAND", in: path) ?? "?"
    let centre = parameter("CENTER", in: path)?.split(separator: "@").last.map(String.init) ?? "0"
    var text = "API VERSION: 1.2\nTarget body name: \(fault.target ?? "Body (\(id))")   {source: test}\n"
    text += "Center body name: \(fault.center ?? "Centre (\(centre))")   {source: test}\n"
    text +=
      "Output units    : KM-S\nOutput format   : 2 (position and velocity)\nReference frame : \(fault.frame)\n*****\n$$SOE\n"
    for (k, epoch) in epochs(in: path).enumerated() where k != fault.dropEpoch {
      let jd = epoch + fault.shift
      let t = (jd - 2_451_545) * 86400
      text +=
        "\(jd) = A.D. 2000-Jan-01 00:00:00.0000 TDB \n X = \(1e8 + t) Y = \(Double(id) ?? 0) Z = 0.0\n VX= \(1 + 1e-6 * t) VY= 0.0 VZ= 0.0\n"
    }
    return text + "$$EOE\n"
  }

  /// The JSON envelope the API sends around `text`.
  public static func reply(to path: String, fault: Fault = Fault()) -> Data {
    envelope(["result": text(to: path, fault: fault)])
  }

  /// `{"error": message}` as the API sends a rejection.
  public static func error(_ message: String) -> Data { envelope(["error": message]) }

  private static func envelope(_ members: [String: String]) -> Data {
    var object: [String: Any] = members
    object["signature"] = ["source": "NASA/JPL Horizons API", "version": "1.2"]
    return (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
  }
}
