/// The unit conversions the ephemeris code shares.
public enum Units {
  /// The astronomical unit, exactly (IAU 2012 resolution B2).
  public static let kilometresPerAU = 149_597_870.7
  public static let secondsPerDay = 86_400.0
}
