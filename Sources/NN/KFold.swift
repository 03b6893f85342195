import TensorCore

/// Seeded k-fold cross-validation splits of row indices.
public enum KFold {
  /// One split: validate on `validation`, train on the rest. Both are sorted row indices.
  public struct Fold: Equatable, Sendable {
    public var training: [Int]
    public var validation: [Int]
  }

  /// Shuffles rows 0..<count with `seed` and deals them into `folds` folds whose sizes differ by
  /// at most one (the first `count % folds` folds get the extra row).
  public static func split(count: Int, folds: Int, seed: UInt64) throws -> [Fold] {
    guard folds >= 2, folds <= count else {
      throw NNError.invalidArgument("k-fold: need 2 ≤ folds ≤ rows, got \(folds) folds for \(count) rows")
    }
    var generator = SplitMix64(seed: seed)
    let order = generator.permutation(count)
    let base = count / folds
    let extra = count % folds
    var start = 0
    var assignment = Array(repeating: 0, count: count)
    for fold in 0..<folds {
      let size = base + (fold < extra ? 1 : 0)
      for row in order[start..<start + size] { assignment[row] = fold }
      start += size
    }
    return makeFolds(assignment, folds: folds)
  }

  /// Like `split`, but rows sharing a group key (e.g. one supernova host, one planetary system)
  /// always land in the same fold, so no group leaks between training and validation.
  ///
  /// Groups are shuffled with `seed`, ordered largest first (shuffled order breaks ties), and
  /// each is given to the fold with the fewest rows so far (lowest index on ties) — the greedy
  /// heuristic that keeps fold sizes close.
  public static func split<Key: Hashable>(groups: [Key], folds: Int, seed: UInt64) throws -> [Fold] {
    var rowsOfGroup: [Key: [Int]] = [:]
    var keys: [Key] = []  // first-appearance order, so the result does not depend on hashing
    for (row, key) in groups.enumerated() {
      if rowsOfGroup[key] == nil { keys.append(key) }
      rowsOfGroup[key, default: []].append(row)
    }
    guard folds >= 2, folds <= keys.count else {
      throw NNError.invalidArgument(
        "grouped k-fold: need 2 ≤ folds ≤ groups, got \(folds) folds for \(keys.count) groups")
    }
    var generator = SplitMix64(seed: seed)
    let shuffledKeys = generator.shuffled(keys)
    let bySize = shuffledKeys.enumerated().sorted {
      let (a, b) = (rowsOfGroup[$0.element]!.count, rowsOfGroup[$1.element]!.count)
      return a != b ? a > b : $0.offset < $1.offset
    }.map(\.element)
    var sizes = Array(repeating: 0, count: folds)
    var assignment = Array(repeating: 0, count: groups.count)
    for key in bySize {
      let fold = sizes.indices.min { sizes[$0] != sizes[$1] ? sizes[$0] < sizes[$1] : $0 < $1 }!
      for row in rowsOfGroup[key]! { assignment[row] = fold }
      sizes[fold] += rowsOfGroup[key]!.count
    }
    return makeFolds(assignment, folds: folds)
  }

  private static func makeFolds(_ assignment: [Int], folds: Int) -> [Fold] {
    (0..<folds).map { fold in
      Fold(
        training: assignment.indices.filter { assignment[$0] != fold },
        validation: assignment.indices.filter { assignment[$0] == fold })
    }
  }
}
