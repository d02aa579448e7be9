package dev.vigil.server.promql.value;

/**
 * A PromQL result: a scalar, a string, an instant vector or a matrix. Values are immutable once
 * returned by the engine and may be shared between threads.
 */
public sealed interface Value permits Scalar, StringValue, InstantVector, Matrix {
  /** The API's {@code resultType}: {@code scalar}, {@code string}, {@code vector} or {@code matrix}. */
  String resultType();
}
