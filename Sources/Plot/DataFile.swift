/// The whitespace-separated data file gnuplot reads: one block per series, blocks separated
/// by two blank lines so gnuplot selects them with `index N`; `#` lines are comments.
struct DataFile {
  /// One series with where it belongs, for the block comments.
  struct Block {
    var panelTitle: String
    var xLabel: String
    var yLabel: String
    var series: Series
  }

  private(set) var text = ""
  private var blockCount = 0

  init(name: String, description: String) {
    text += "# Gravitas plot data '\(name)': \(oneLine(description))\n"
    text += "# Whitespace-separated columns; blocks are separated by two blank lines and are\n"
    text += "# selected in gnuplot with `index N`. NaN marks a missing value.\n"
  }

  /// Appends a block and returns its gnuplot index, or nil for an empty series (not written,
  /// because gnuplot miscounts empty blocks).
  mutating func append(_ block: Block) -> Int? {
    let series = block.series
    let rows = series.count
    guard rows > 0 else { return nil }
    let index = blockCount
    blockCount += 1
    if index > 0 { text += "\n\n" }
    text += "# index \(index): \(block.series.kindName) \"\(oneLine(block.series.label))\""
    text += block.panelTitle.isEmpty ? "\n" : " in panel \"\(oneLine(block.panelTitle))\"\n"
    let yColumns = series.columnNames.dropFirst().joined(separator: ", ")
    text += "# units: x = \(unit(block.xLabel)); \(yColumns) = \(unit(block.yLabel))\n"
    text += "# " + series.columnNames.joined(separator: " ") + "\n"
    for row in 0..<rows {
      text += series.columns.map { formatNumber($0[row]) }.joined(separator: " ") + "\n"
    }
    return index
  }

  private func unit(_ label: String) -> String {
    label.isEmpty ? "(unlabelled)" : oneLine(label)
  }
}

/// Shortest text that reads back to the same Double; NaN/Inf spelled as gnuplot and strtod read them.
func formatNumber(_ value: Double) -> String {
  if value.isNaN { return "NaN" }
  if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
  return "\(value)"
}

func oneLine(_ text: String) -> String {
  text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
}
