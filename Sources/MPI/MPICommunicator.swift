import CMPI
import NN

/// What went wrong with MPI, on one line.
public enum MPIError: Error, Equatable, CustomStringConvertible {
  /// libmpi could not be opened or is not Open MPI.
  case unavailable(String)
  /// An MPI call returned an error code.
  case failed(call: String, code: Int32)
  /// A message too large for MPI's int counts.
  case tooLarge(call: String, count: Int)

  public var description: String {
    switch self {
    case .unavailable(let reason): "MPI: \(reason)"
    case .failed(let call, let code): "MPI: \(call) failed with error \(code)"
    case .tooLarge(let call, let count): "MPI: \(call) of \(count) doubles exceeds MPI's int count"
    }
  }
}

/// MPI_COMM_WORLD of Open MPI, opened at run time. One per process: MPI_Init runs once, and
/// `finish()` (MPI_Finalize) ends it.
public final class MPICommunicator: Communicator {
  public let rank: Int
  public let size: Int

  /// Loads libmpi and calls MPI_Init; for a process that `mpirun` started.
  public init() throws {
    var message = [CChar](repeating: 0, count: 512)
    guard gravitas_mpi_load(&message, message.count) == 0 else {
      throw MPIError.unavailable(
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    try Self.check(gravitas_mpi_init(), "MPI_Init")
    var rank: Int32 = 0
    var size: Int32 = 0
    try Self.check(gravitas_mpi_rank(&rank), "MPI_Comm_rank")
    try Self.check(gravitas_mpi_size(&size), "MPI_Comm_size")
    (self.rank, self.size) = (Int(rank), Int(size))
  }

  public func gather(_ values: [Double]) throws -> [[Double]]? {
    guard let count = Int32(exactly: values.count), Int32(exactly: values.count * size) != nil else {
      throw MPIError.tooLarge(call: "MPI_Gather", count: values.count * size)
    }
    var received = [Double](repeating: 0, count: rank == 0 ? values.count * size : 0)
    let code = values.withUnsafeBufferPointer { send in
      received.withUnsafeMutableBufferPointer { receive in
        gravitas_mpi_gather_doubles(send.baseAddress, count, receive.baseAddress, 0)
      }
    }
    try Self.check(code, "MPI_Gather")
    guard rank == 0 else { return nil }
    return (0..<size).map { Array(received[($0 * values.count)..<(($0 + 1) * values.count)]) }
  }

  public func broadcast(_ values: [Double], count: Int) throws -> [Double] {
    guard let count32 = Int32(exactly: count) else { throw MPIError.tooLarge(call: "MPI_Bcast", count: count) }
    var buffer = rank == 0 ? values : [Double](repeating: 0, count: count)
    precondition(buffer.count == count, "MPICommunicator.broadcast: \(buffer.count) values for a count of \(count)")
    let code = buffer.withUnsafeMutableBufferPointer { gravitas_mpi_broadcast_doubles($0.baseAddress, count32, 0) }
    try Self.check(code, "MPI_Bcast")
    return buffer
  }

  /// MPI_Finalize: every rank calls it once, after its last collective.
  public func finish() throws { try Self.check(gravitas_mpi_finalize(), "MPI_Finalize") }

  /// Ends every rank (a rank that fails alone would leave the others blocked in a collective).
  public func abort(code: Int32) { _ = gravitas_mpi_abort(code) }

  private static func check(_ code: Int32, _ call: String) throws {
    guard code == 0 else { throw MPIError.failed(call: call, code: code) }
  }
}
