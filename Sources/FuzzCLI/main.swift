import Foundation
import Fuzzing
import TensorCore

// gravitas-fuzz: bounded mutation-fuzz campaigns on Gravitas's readers (see Supervisor.swift).
//
//   gravitas-fuzz all --inputs 10000 --seed 1          every reader, each in its own process
//   gravitas-fuzz horizons spk --inputs 100000         some readers, a longer campaign
//   gravitas-fuzz spk --seed 1 --replay 4711 --write input.bsp   one input again, in process
let usage = """
  usage: gravitas-fuzz READER... | all [--inputs N] [--seed S] [--jobs J] [--budget SECONDS] [--root DIR] [--findings DIR]
         gravitas-fuzz READER --seed S --replay INDEX [--write FILE]
  readers: \(FuzzCorpus.readers.joined(separator: ", "))
  """

// The readers' tensors run as in the commands, but on whatever kernels OpenBLAS chose: a
// campaign tests the parsers, and re-executing would only slow each child down.
ProcessSettings(repairsBLASKernel: false, blasThreads: 1, keepsFreedMemory: true).apply()

do {
  let options = try FuzzOptions(CommandLine.arguments.dropFirst())
  if let child = options.child {
    exit(try runChild(child, options))
  } else if let index = options.replay {
    exit(try replay(index, options))
  } else {
    exit(try Supervisor(options: options).run())
  }
} catch {
  FileHandle.standardError.write(Data("gravitas-fuzz: \(error)\n\(usage)\n".utf8))
  exit(2)
}
