import Foundation

/// One mutated input: which of the target's files it replaces, and its bytes.
public struct FuzzInput {
  public var slot: Int
  public var bytes: [UInt8]
}

/// What a reader did with an input: refused it with an error (the right answer for garbage), or
/// accepted it and every invariant held.
public enum Verdict { case accepted, rejected }

/// A reader accepted an input and gave back something it must not: a non-finite value where
/// none is data, epochs out of order, a covariance that is not positive definite, lost rows.
public struct InvariantViolation: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Fails the input with `reason` unless `condition` holds.
func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
  if !condition { throw InvariantViolation(reason()) }
}

func requireFinite(_ values: [Double], _ what: String) throws {
  if let bad = values.firstIndex(where: { !$0.isFinite }) {
    throw InvariantViolation("\(what)[\(bad)] = \(values[bad]) accepted")
  }
}

/// A reader under test: real files as seeds, grouped in slots (a cobaya dataset is three files:
/// the `.dataset`, its table and its covariance), each input a seed of one slot mutated.
public protocol FuzzTarget {
  var name: String { get }
  /// Seeds of each slot (slot k: the variants of file k), and how to mutate them.
  var slots: [(seeds: [[UInt8]], format: Mutator.Format)] { get }
  /// Runs the reader on `input` inside `scratch` (an empty-at-start folder the target may reuse):
  /// `.rejected` when it threw, `.accepted` when it accepted and the invariants hold; throws
  /// `InvariantViolation` otherwise.
  func run(_ input: FuzzInput, in scratch: URL) throws -> Verdict
}

extension FuzzTarget {
  /// Input `random` of a campaign: a seed of a random slot, mutated (one input in 64 unmutated,
  /// so the seeds themselves are checked).
  public func makeInput(_ random: inout FuzzRandom) -> FuzzInput {
    let slot = random.below(slots.count)
    let seeds = slots[slot].seeds
    let seed = random.pick(seeds)
    if random.below(64) == 0 { return FuzzInput(slot: slot, bytes: seed) }
    return FuzzInput(
      slot: slot, bytes: Mutator(format: slots[slot].format).mutate(seed, others: seeds, random: &random))
  }
}

/// Writes `bytes` to `url`, replacing what was there: scratch files a reader is run on, many a
/// second, so not through `DurableFile` (its fsyncs would dominate a campaign).
func put(_ bytes: [UInt8], _ url: URL) throws {
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try Data(bytes).write(to: url)
}

func read(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

/// The files of a multi-file target in its scratch folder. Most inputs mutate one file; the
/// others are rewritten only when an earlier input left a mutated copy, so an input costs one
/// write, not three.
final class ScratchFiles {
  private var pristine: Set<String> = []

  /// Puts `bytes` at `url`; `isSeed` says they are the unmutated seed.
  func place(_ bytes: [UInt8], at url: URL, isSeed: Bool) throws {
    if isSeed && pristine.contains(url.path) { return }
    try put(bytes, url)
    if isSeed { pristine.insert(url.path) } else { pristine.remove(url.path) }
  }
}

/// Where scratch files go: shared memory when the system has it (each input writes a file or
/// three; on this project's build machines a disk write costs 7 ms, a tmpfs one 0.1 ms), else
/// the temporary directory.
public func scratchRoot() -> URL {
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory), isDirectory.boolValue,
    FileManager.default.isWritableFile(atPath: "/dev/shm")
  {
    return URL(fileURLWithPath: "/dev/shm")
  }
  return FileManager.default.temporaryDirectory
}
