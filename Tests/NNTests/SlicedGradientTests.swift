import Foundation
import NN
import TensorCore
import XCTest

/// Data-parallel gradients: the same bits for 1, 2 and 3 ranks (ranks as threads here, talking
/// through `ThreadWorld`; CI runs the same with mpirun), and the slices' sum agreeing with the
/// whole batch's gradient to rounding.
final class SlicedGradientTests: XCTestCase {
  /// Ranks as threads: gather and broadcast through shared slots and a barrier.
  final class ThreadWorld: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var slots: [[Double]]
    private var arrived = 0, generation = 0

    init(size: Int) {
      self.size = size
      slots = Array(repeating: [], count: size)
    }

    /// Every rank puts its values, waits for all, and reads every slot.
    func exchange(rank: Int, _ values: [Double]) -> [[Double]] {
      condition.lock()
      defer { condition.unlock() }
      slots[rank] = values
      arrived += 1
      let mine = generation
      if arrived == size {
        arrived = 0
        generation += 1
        condition.broadcast()
      } else {
        while generation == mine { condition.wait() }
      }
      let seen = slots
      // A second barrier so that no rank overwrites a slot before every rank has read it.
      arrived += 1
      let reading = generation
      if arrived == size {
        arrived = 0
        generation += 1
        condition.broadcast()
      } else {
        while generation == reading { condition.wait() }
      }
      return seen
    }
  }

  final class ThreadRank: Communicator {
    let world: ThreadWorld
    let rank: Int
    var size: Int { world.size }
    init(_ world: ThreadWorld, rank: Int) { (self.world, self.rank) = (world, rank) }
    func gather(_ values: [Double]) throws -> [[Double]]? {
      let all = world.exchange(rank: rank, values)
      return rank == 0 ? all : nil
    }
    func broadcast(_ values: [Double], count: Int) throws -> [Double] { world.exchange(rank: rank, values)[0] }
  }

  private let model = BatchedEnsemble(widths: [2, 6, 1], members: [4], activation: .tanh)
  private let inputs: [Double] = (0..<46).map { Foundation.sin(Double($0) * 0.7) }
  private let targets: [Double] = (0..<23).map { Foundation.cos(Double($0) * 0.3) }

  /// A slice's share of the batch's mean squared error.
  private func sliceLoss(_ m: BatchedEnsemble, _ rows: [Int], _ batchRows: Int, _ context: ForwardContext) -> Tensor {
    let x = Tensor(shape: [rows.count, 2], scalars: rows.flatMap { [inputs[2 * $0], inputs[2 * $0 + 1]] })
    let y = Tensor(shape: [rows.count, 1], scalars: rows.map { targets[$0] })
    let d = m(x, context: context) - y
    return (d * d).sum() / Double(batchRows)
  }

  private func run(ranks: Int, sliceRows: Int) throws -> [[Double]] {
    let world = ThreadWorld(size: ranks)
    final class Results: @unchecked Sendable { var byRank: [[Double]] = [] }
    let results = Results()
    results.byRank = Array(repeating: [], count: ranks)
    let lock = NSLock()
    let finished = DispatchGroup()
    // The ranks only read the model and the loss; the threads share them as one test would.
    nonisolated(unsafe) let (model, sliceLoss) = (self.model, self.sliceLoss)
    // One thread per rank (a dispatch pool may run fewer at once, and ranks wait on each other).
    for rank in 0..<ranks {
      finished.enter()
      Thread {
        let gradient = SlicedGradient(sliceRows: sliceRows, communicator: ThreadRank(world, rank: rank))
        let result = try? gradient.valueAndGradient(
          model, rows: Array((0..<23).reversed()),
          context: ForwardContext(training: true), loss: sliceLoss)
        lock.lock()
        results.byRank[rank] = result.map { [$0.value] + $0.gradients.flatMap(\.scalars) } ?? []
        lock.unlock()
        finished.leave()
      }.start()
    }
    XCTAssertEqual(finished.wait(timeout: .now() + 60), .success, "\(ranks) ranks did not finish")
    lock.lock()
    defer { lock.unlock() }
    return results.byRank
  }

  func testEveryRankCountGivesTheSameBits() throws {
    let single = try SlicedGradient(sliceRows: 3, communicator: SingleProcess())
      .valueAndGradient(
        model, rows: Array((0..<23).reversed()), context: ForwardContext(training: true), loss: sliceLoss)
    let expected = [single.value] + single.gradients.flatMap(\.scalars)
    for ranks in [1, 2, 3, 5] {
      for (rank, result) in try run(ranks: ranks, sliceRows: 3).enumerated() {
        XCTAssertEqual(result.map(\.bitPattern), expected.map(\.bitPattern), "\(ranks) ranks, rank \(rank)")
      }
    }
  }

  func testSlicesAddUpToTheWholeBatch() throws {
    let rows = Array(0..<23)
    let (whole, wholeGradients) = valueAndGradient(at: model.parameters) { p in
      sliceLoss(model.with(parameters: p), rows, rows.count, ForwardContext(training: true))
    }
    let sliced = try SlicedGradient(sliceRows: 4, communicator: SingleProcess())
      .valueAndGradient(model, rows: rows, context: ForwardContext(training: true), loss: sliceLoss)
    XCTAssertEqual(sliced.value, whole.scalar, accuracy: 1e-12 * abs(whole.scalar))
    for (a, b) in zip(sliced.gradients.flatMap(\.scalars), wholeGradients.flatMap(\.scalars)) {
      XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)))
    }
  }
}
