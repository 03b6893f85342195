/// Mean and sample standard deviation across ensemble members at each prediction point.
///
/// For M members with predictions yₘᵢ at point i:
///   meanᵢ = (1/M) Σₘ yₘᵢ,   stdᵢ = √( Σₘ (yₘᵢ − meanᵢ)² / (M − 1) ).
/// With one member the sample deviation is undefined and reported as NaN.
public struct EnsembleStatistics: Equatable, Sendable {
  public let memberCount: Int
  public let mean: [Double]
  public let standardDeviation: [Double]

  /// - Parameter members: one array of predictions per member, all of the same length
  ///   (Float or Double; the statistics are computed in Double).
  public init<Value: BinaryFloatingPoint>(members raw: [[Value]]) {
    let members = raw.map { $0.map(Double.init) }
    precondition(!members.isEmpty, "EnsembleStatistics: needs at least one member")
    let points = members[0].count
    for (index, member) in members.enumerated() where member.count != points {
      preconditionFailure(
        "EnsembleStatistics: member 0 has \(points) predictions but member \(index) has \(member.count)")
    }
    let count = Double(members.count)
    let mean = (0..<points).map { point in members.reduce(0) { $0 + $1[point] } / count }
    // Two passes (mean, then squared deviations) avoid the cancellation of Σy² − M·mean².
    standardDeviation = (0..<points).map { point in
      guard members.count > 1 else { return .nan }
      let squares = members.reduce(0) { $0 + ($1[point] - mean[point]) * ($1[point] - mean[point]) }
      return (squares / (count - 1)).squareRoot()
    }
    self.mean = mean
    self.memberCount = members.count
  }
}
