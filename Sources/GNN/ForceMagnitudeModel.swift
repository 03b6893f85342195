/// How `GravityNetwork` forms a pair's log|F| from its separation and its two masses.
public enum ForceMagnitudeModel: String, Codable, CaseIterable, Sendable {
  /// One edge MLP of (ln r, μ₁, μ₂), as in Lemos et al. 2022. Free to make the r-dependence
  /// differ from pair to pair, and so to extrapolate a pair beyond the separations it was
  /// trained on in its own way: with `gnn train --seed 2` the Sun–Pluto pair, 34–36 au apart
  /// in the test years and never beyond 34 au in training, missed by 4.2 %.
  case joint
  /// log|F| = pair(μ₁, μ₂) + radial(ln r): one radial MLP shared by every pair, so a pair's
  /// force at a separation it never reached is learned from the other pairs that did. It assumes
  /// the force factorises into a mass part and a distance part, as Newton's and any power law's
  /// does; a law that does not factorise needs `.joint`.
  case separable

  /// Widths of the shared radial MLP's hidden layers.
  public static let radialHidden = [32, 32]
}
