import Orbits

/// One body's network mass, as `gnn train` and `gnn evaluate` report it: in units of the reference
/// body's, and as a GM (km³ s⁻²) where the reference's GM is known, against the true one.
public struct LearnedMass: Codable, Equatable, Sendable {
  public var body: String
  public var id: Int
  public var massInReferenceUnits: Double
  public var gm: Double?
  public var reference: Double?
  public var relativeError: Double?

  enum CodingKeys: String, CodingKey {
    case body, id, gm, reference
    case massInReferenceUnits = "mass_in_reference_units"
    case relativeError = "relative_error"
  }

  /// Every body's record from the network's masses (reference body = 1).
  public static func records(_ bodies: [EphemerisBody], masses: [Double], reference: Int) -> [LearnedMass] {
    let gmReference = bodies[reference].gm
    return bodies.enumerated().map { b, body in
      var record = LearnedMass(body: body.name, id: body.id, massInReferenceUnits: masses[b])
      if let g = gmReference {
        record.gm = g * masses[b]
        if let truth = body.gm {
          record.reference = truth
          record.relativeError = abs(g * masses[b] - truth) / truth
        }
      }
      return record
    }
  }

  public init(
    body: String, id: Int, massInReferenceUnits: Double, gm: Double? = nil, reference: Double? = nil,
    relativeError: Double? = nil
  ) {
    (self.body, self.id, self.massInReferenceUnits) = (body, id, massInReferenceUnits)
    (self.gm, self.reference, self.relativeError) = (gm, reference, relativeError)
  }
}
