/// Which of a table's redshifts is the network's first input (and the distance integral's):
/// the CMB frame, the Hubble-diagram one (peculiar velocities corrected), or the heliocentric.
public enum RedshiftColumn: String, CaseIterable, Sendable {
  case zCMB, zHD, zHEL
}
