/// Where a function sampled on a grid crosses a level: marching squares with linear
/// interpolation along the cell edges, the pieces joined into polylines.
///
/// Computed here, not by gnuplot's `set contour`, so that the data file holds the curves
/// themselves (a reader can load a 68 % region without gnuplot) and tests can check them.
public enum ContourLines {
  /// The contour `value(x, y) = level` of `values` (row-major [y][x]) as one x and one y column
  /// with NaN between separate polylines (gnuplot breaks a line there). Values that are not
  /// finite count as above every level, so a region stops at the edge of a model's validity.
  public static func at(level: Double, x: [Double], y: [Double], values: [Double]) -> (x: [Double], y: [Double]) {
    let columns = x.count
    let rows = y.count
    precondition(
      values.count == columns * rows, "ContourLines.at: \(values.count) values for a \(columns)×\(rows) grid")
    guard columns >= 2, rows >= 2 else { return ([], []) }
    let value = { (column: Int, row: Int) -> Double in
      let v = values[row * columns + column]
      return v.isFinite ? v : .greatestFiniteMagnitude
    }
    // A crossing on a cell edge is named by the edge: horizontal edges (column, row) → (column+1, row)
    // get even ids, vertical ones (column, row) → (column, row+1) odd ids, so neighbouring
    // cells name a shared crossing alike and the pieces can be chained.
    func horizontal(_ column: Int, _ row: Int) -> Int { 2 * (row * columns + column) }
    func vertical(_ column: Int, _ row: Int) -> Int { 2 * (row * columns + column) + 1 }
    func point(_ edge: Int) -> (Double, Double) {
      let cell = edge / 2
      let column = cell % columns
      let row = cell / columns
      let (c2, r2) = edge % 2 == 0 ? (column + 1, row) : (column, row + 1)
      let a = value(column, row)
      let b = value(c2, r2)
      let t = a == b ? 0.5 : min(max((level - a) / (b - a), 0), 1)
      return (x[column] + t * (x[c2] - x[column]), y[row] + t * (y[r2] - y[row]))
    }
    var pieces: [(Int, Int)] = []
    for row in 0..<(rows - 1) {
      for column in 0..<(columns - 1) {
        // Corners counter-clockwise from bottom left; bit set where the value is above the level.
        let corners = [value(column, row), value(column + 1, row), value(column + 1, row + 1), value(column, row + 1)]
        let above = corners.map { $0 > level }
        let edges = [
          horizontal(column, row), vertical(column + 1, row), horizontal(column, row + 1), vertical(column, row),
        ]
        // An edge is crossed when its two corners lie on different sides.
        let crossed = (0..<4).filter { above[$0] != above[($0 + 1) % 4] }.map { edges[$0] }
        if crossed.count == 2 {
          pieces.append((crossed[0], crossed[1]))
        } else if crossed.count == 4 {
          // A saddle: join the crossings around the corners that are below the level when the
          // centre is above, so that regions below the level stay apart.
          let centre = corners.reduce(0, +) / 4
          if (centre > level) == above[0] {
            pieces.append((crossed[0], crossed[1]))
            pieces.append((crossed[2], crossed[3]))
          } else {
            pieces.append((crossed[3], crossed[0]))
            pieces.append((crossed[1], crossed[2]))
          }
        }
      }
    }
    return chain(pieces, point: point)
  }

  /// Joins two-point pieces that share a crossing into polylines, in the order the pieces were
  /// found (deterministic), NaN between polylines.
  private static func chain(_ pieces: [(Int, Int)], point: (Int) -> (Double, Double)) -> (x: [Double], y: [Double]) {
    var byEdge: [Int: [Int]] = [:]
    for (index, piece) in pieces.enumerated() {
      byEdge[piece.0, default: []].append(index)
      byEdge[piece.1, default: []].append(index)
    }
    var used = [Bool](repeating: false, count: pieces.count)
    var xs: [Double] = []
    var ys: [Double] = []
    func next(from edge: Int) -> (piece: Int, edge: Int)? {
      guard let index = byEdge[edge]?.first(where: { !used[$0] }) else { return nil }
      let piece = pieces[index]
      return (index, piece.0 == edge ? piece.1 : piece.0)
    }
    for start in pieces.indices where !used[start] {
      used[start] = true
      var line = [pieces[start].0, pieces[start].1]
      while let step = next(from: line[line.count - 1]) {
        used[step.piece] = true
        line.append(step.edge)
      }
      while let step = next(from: line[0]) {
        used[step.piece] = true
        line.insert(step.edge, at: 0)
      }
      if !xs.isEmpty {
        xs.append(.nan)
        ys.append(.nan)
      }
      for edge in line {
        let (px, py) = point(edge)
        xs.append(px)
        ys.append(py)
      }
    }
    return (xs, ys)
  }
}
