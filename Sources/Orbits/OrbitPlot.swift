import Foundation
import Plot

/// Orbits projected on the ICRF equatorial (x, y) plane, in AU, one line per body.
public enum OrbitPlot {
  public static func write(_ dataset: EphemerisDataset, directory: URL, name: String) throws -> PlotWriter.Output {
    let au = Units.kilometresPerAU
    var figure = Figure(title: "orbits, ICRF equatorial plane (\(dataset.center))", xLabel: "x (AU)", yLabel: "y (AU)")
    figure.equalAspect = true
    for (b, body) in dataset.bodies.enumerated() {
      let x = dataset.epochs.indices.map { dataset.positions[dataset.index($0, b, 0)] / au }
      let y = dataset.epochs.indices.map { dataset.positions[dataset.index($0, b, 1)] / au }
      figure.add(.line(x: x, y: y, label: body.name))
    }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try PlotWriter(directory: directory).write(figure, name: name)
  }
}
