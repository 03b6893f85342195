import Foundation

/// One process's share of a run's independent units (folds, seeds, trials): shard `index` of
/// `count` runs the units u with u mod count = index, each exactly as a single run would (its
/// seed and data depend on u alone), so that the shards' outputs gathered equal one run's.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
  public let index: Int
  public let count: Int

  /// Everything in one process.
  public static let whole = Shard(checkedIndex: 0, count: 1)

  private init(checkedIndex index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// - Throws: `NNError.invalidArgument` unless 0 ≤ index < count.
  public init(index: Int, count: Int) throws {
    guard count >= 1, (0..<count).contains(index) else {
      throw NNError.invalidArgument("shard \(index)/\(count): expected i/n with n ≥ 1 and 0 ≤ i < n")
    }
    self.init(checkedIndex: index, count: count)
  }

  /// Parses `i/n` (`--shard 0/3`).
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw NNError.invalidArgument("--shard '\(text)': expected i/n, e.g. 0/3 (shard 0 of 3)")
    }
    try self.init(index: index, count: count)
  }

  /// Whether this shard runs unit `unit`.
  public func owns(_ unit: Int) -> Bool { unit % count == index }

  /// The units of `total` this shard runs, in order.
  public func units(of total: Int) -> [Int] { Array(stride(from: index, to: total, by: count)) }

  public var description: String { "\(index)/\(count)" }
}

/// Where a process's shard came from: the `--shard` flag, or the variables its launcher set.
public struct ShardAssignment: Equatable, Sendable, CustomStringConvertible {
  public var shard: Shard
  /// `--shard`, `OMPI_COMM_WORLD_RANK/SIZE`, … or "no launcher variables" for the whole run.
  public var source: String

  public init(shard: Shard, source: String) {
    self.shard = shard
    self.source = source
  }

  public var description: String { "shard \(shard) (from \(source))" }

  /// The launchers' variables, first found wins: Open MPI's, then MPICH/PMI's, then a Slurm job
  /// array's, then a Slurm step's tasks. Each names a rank and a count; a pair half set, or a
  /// value that is no integer in range, is an error naming the variables rather than a silent
  /// whole run (which would repeat every other shard's work).
  ///
  /// - Parameter environment: the process's environment (`ProcessInfo.processInfo.environment`),
  ///   passed in so that tests can fake a launcher.
  public static func fromEnvironment(_ environment: [String: String]) throws -> ShardAssignment {
    for (rank, size) in [("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"), ("PMI_RANK", "PMI_SIZE")] {
      if let found = try pair(rank, size, environment) { return found }
    }
    if let found = try slurmArray(environment) { return found }
    // Inside `srun`, SLURM_STEP_NUM_TASKS counts this step's tasks (an allocation's SLURM_NTASKS
    // may be larger than what srun -n started).
    let tasks = environment["SLURM_STEP_NUM_TASKS"] != nil ? "SLURM_STEP_NUM_TASKS" : "SLURM_NTASKS"
    if let found = try pair("SLURM_PROCID", tasks, environment) { return found }
    return ShardAssignment(shard: .whole, source: "no launcher variables: the whole run")
  }

  private static func integer(_ name: String, _ environment: [String: String]) throws -> Int? {
    guard let text = environment[name] else { return nil }
    guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
      throw NNError.invalidArgument("\(name)=\(text): expected an integer")
    }
    return value
  }

  private static func pair(_ rank: String, _ size: String, _ environment: [String: String]) throws -> ShardAssignment? {
    let (r, s) = (try integer(rank, environment), try integer(size, environment))
    switch (r, s) {
    case (nil, nil): return nil
    case (let r?, let s?):
      do { return ShardAssignment(shard: try Shard(index: r, count: s), source: "\(rank)/\(size)") } catch {
        throw NNError.invalidArgument("\(rank)=\(r), \(size)=\(s): expected 0 ≤ rank < size")
      }
    default:
      throw NNError.invalidArgument(
        "\(r == nil ? size : rank) is set but \(r == nil ? rank : size) is not: cannot tell this process's shard")
    }
  }

  /// `sbatch --array=a-b[:step]`: SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_MIN (default 0) and
  /// SLURM_ARRAY_TASK_COUNT, or with MIN and MAX (and STEP) when COUNT is absent.
  private static func slurmArray(_ environment: [String: String]) throws -> ShardAssignment? {
    guard let id = try integer("SLURM_ARRAY_TASK_ID", environment) else { return nil }
    let minimum = try integer("SLURM_ARRAY_TASK_MIN", environment) ?? 0
    let step = try integer("SLURM_ARRAY_TASK_STEP", environment) ?? 1
    guard step >= 1, id >= minimum, (id - minimum) % step == 0 else {
      throw NNError.invalidArgument(
        "SLURM_ARRAY_TASK_ID=\(id) is not in the array from SLURM_ARRAY_TASK_MIN=\(minimum) by step \(step)")
    }
    let index = (id - minimum) / step
    let count: Int
    let source: String
    if let given = try integer("SLURM_ARRAY_TASK_COUNT", environment) {
      (count, source) = (given, "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT")
    } else if let maximum = try integer("SLURM_ARRAY_TASK_MAX", environment), maximum >= minimum {
      (count, source) = ((maximum - minimum) / step + 1, "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_MIN/MAX")
    } else {
      throw NNError.invalidArgument(
        "SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX: cannot tell the number of shards"
      )
    }
    do { return ShardAssignment(shard: try Shard(index: index, count: count), source: source) } catch {
      throw NNError.invalidArgument(
        "\(source): task \(index) of \(count) is out of range (an array with gaps, e.g. --array=1,5, cannot shard: use a-b)"
      )
    }
  }
}
