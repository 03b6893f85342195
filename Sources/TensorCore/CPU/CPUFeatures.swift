import CKernels

/// The vector extensions this CPU has and the operating system enables (cpuid and XCR0), with
/// the vendor and model that a BLAS library matches against its own tables.
public struct CPUFeatures: Sendable, Equatable {
  public var vendor: String
  /// The marketing name (cpuid leaves 0x80000002–4), trimmed; empty where the CPU has none.
  public var name: String
  public var family: Int
  public var model: Int
  public var avx2: Bool
  public var fma: Bool
  /// AVX-512 Foundation with the DQ, BW and VL subsets OpenBLAS's SkylakeX kernels use.
  public var avx512: Bool

  public init(
    vendor: String = "", name: String = "", family: Int = 0, model: Int = 0,
    avx2: Bool = false, fma: Bool = false, avx512: Bool = false
  ) {
    (self.vendor, self.name, self.family, self.model) = (vendor, name, family, model)
    (self.avx2, self.fma, self.avx512) = (avx2, fma, avx512)
  }

  /// This machine's CPU.
  public static func current() -> CPUFeatures {
    var raw = gravitas_cpu_features()
    gravitas_cpu_features(&raw)
    let vendor = withUnsafeBytes(of: raw.vendor) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    let name = withUnsafeBytes(of: raw.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    return CPUFeatures(
      vendor: vendor, name: name.trimmingSpaces(), family: Int(raw.family), model: Int(raw.model),
      avx2: raw.avx2 != 0, fma: raw.fma != 0,
      avx512: raw.avx512f != 0 && raw.avx512dq != 0 && raw.avx512bw != 0 && raw.avx512vl != 0)
  }

  /// The widest vectors with fused multiply-add: 512, 256, or 128 (SSE2, multiply then add).
  public var fmaVectorBits: Int { avx512 ? 512 : (avx2 && fma ? 256 : 128) }

  /// "AMD EPYC (family 26, model 2; AVX2, FMA, AVX-512)".
  public var summary: String {
    let extensions = [avx2 ? "AVX2" : nil, fma ? "FMA" : nil, avx512 ? "AVX-512" : nil].compactMap { $0 }
    let label = name.isEmpty ? vendor : name
    return
      "\(label) (family \(family), model \(model); \(extensions.isEmpty ? "SSE only" : extensions.joined(separator: ", ")))"
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
