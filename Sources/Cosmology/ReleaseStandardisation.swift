import Foundation

/// The standardisation the Pantheon+ release applied to raw mB, as slopes in x1 and c.
///
/// The release's m_b_corr = mB + αx1 − βc − δ_bias, with α = 0.1475 and β = 3.092 fitted in a
/// model of the true stretch and colour, and δ_bias the BBC bias correction, which depends on z,
/// x1 and c: it undoes the selection and the dilution that noise in the observed colour brings. A
/// regression of mB on the observed x1 and c learns all of it, so the slopes to compare the network
/// with are those of m_b_corr − mB itself, fitted on (1, x1, c) over the same rows with the same
/// covariance as the models: the effective α and β.
public struct ReleaseStandardisation: Sendable {
  /// The release's Tripp coefficients (Brout et al. 2022), without the bias correction.
  public static let alpha = 0.1475, beta = 3.092
  public let effectiveAlpha: Double, effectiveBeta: Double

  /// Nil unless the data carry the release's correction (target raw mB) and both x1 and c as inputs.
  public init?(_ data: RegressionData) throws {
    guard let correction = data.releaseCorrection,
      let x1 = data.inputs.first(where: { $0.name == "x1" }), let c = data.inputs.first(where: { $0.name == "c" })
    else { return nil }
    let sample = SupernovaSample(
      names: data.groups, distanceRedshift: data.redshift,
      heliocentricRedshift: data.heliocentricRedshift, magnitude: correction,
      covariance: data.covariance, regressors: [x1, c])
    let theta = try ProfiledChiSquare(sample).linearFit(correction).linear
    effectiveAlpha = theta[1]
    effectiveBeta = -theta[2]
  }
}
