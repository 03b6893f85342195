/// Adam's step as one pass over the parameter, its gradient and moments.
extension CPUBackend {
  public func adamStep(
    _ parameter: DeviceBuffer, _ gradient: DeviceBuffer, _ firstMoment: DeviceBuffer,
    _ secondMoment: DeviceBuffer, _ c: AdamCoefficients
  ) -> (DeviceBuffer, DeviceBuffer, DeviceBuffer) {
    let count = parameter.count
    let (theta, m, v) = (make(count, parameter.dtype), make(count, parameter.dtype), make(count, parameter.dtype))
    dispatch(parameter.dtype) { scalar in
      adamKernel(scalar, parameter.cpu, gradient.cpu, firstMoment.cpu, secondMoment.cpu, c, into: theta, m, v)
    }
    return (theta, m, v)
  }

  private func adamKernel<T: TensorScalar>(
    _: T.Type, _ parameter: CPUBuffer, _ gradient: CPUBuffer, _ firstMoment: CPUBuffer,
    _ secondMoment: CPUBuffer, _ c: AdamCoefficients,
    into theta: CPUBuffer, _ m: CPUBuffer, _ v: CPUBuffer
  ) {
    let (p, g, m0, v0) = (
      parameter.pointer(T.self), gradient.pointer(T.self), firstMoment.pointer(T.self), secondMoment.pointer(T.self)
    )
    let (p1, m1, v1) = (theta.pointer(T.self), m.pointer(T.self), v.pointer(T.self))
    // The coefficients rounded to T, as the elementwise ops round their scalar operands.
    let (beta1, oneMinusBeta1, beta2, oneMinusBeta2) = (T(c.beta1), T(c.oneMinusBeta1), T(c.beta2), T(c.oneMinusBeta2))
    let (stepSize, correction, epsilon) = (T(c.stepSize), T(c.secondBiasCorrection), T(c.epsilon))
    parallelRanges(parameter.count, grain: elementwiseGrain) { range in
      for i in range {
        let first = beta1 * m0[i] + oneMinusBeta1 * g[i]
        let second = beta2 * v0[i] + oneMinusBeta2 * g[i] * g[i]
        m1[i] = first
        v1[i] = second
        p1[i] = p[i] - stepSize * first / ((second / correction).squareRoot() + epsilon)
      }
    }
  }
}
