/**
 * The numeric core of PromQL functions and aggregations: static, allocation-free methods over
 * primitive arrays, with no dependency on the AST or the evaluator.
 *
 * <p>Range windows are passed as parallel arrays {@code (long[] ts, double[] vs, int from, int to)}
 * holding the float samples of one series inside a range, {@code from} inclusive and {@code to}
 * exclusive, timestamps in milliseconds and strictly increasing. Numbers follow Prometheus 3's
 * results, including its Kahan-compensated sums and its extrapolation rules.
 *
 * <ul>
 *   <li>{@link dev.vigil.server.promql.functions.RangeFunctions}: rate, increase, delta, irate,
 *       idelta, changes, resets, deriv, predict_linear, double_exponential_smoothing.
 *   <li>{@link dev.vigil.server.promql.functions.OverTimeFunctions}: every
 *       {@code <aggregation>_over_time}.
 *   <li>{@link dev.vigil.server.promql.functions.KahanSum},
 *       {@link dev.vigil.server.promql.functions.KahanMean},
 *       {@link dev.vigil.server.promql.functions.Stats},
 *       {@link dev.vigil.server.promql.functions.Quantile}: per-group state of sum, avg,
 *       stddev/stdvar and quantile.
 *   <li>{@link dev.vigil.server.promql.functions.HistogramQuantile}: classic-bucket
 *       histogram_quantile and histogram_fraction.
 *   <li>{@link dev.vigil.server.promql.functions.MathFunctions},
 *       {@link dev.vigil.server.promql.functions.DateFunctions}: element-wise functions.
 *   <li>{@link dev.vigil.server.promql.functions.FloatFormat}: Go's float printing and parsing.
 * </ul>
 *
 * <p>Not here: the {@code anchored} and {@code smoothed} range modifiers, which the reference
 * describes only informally.
 */
package dev.vigil.server.promql.functions;
