/**
 * The numeric core of PromQL functions and aggregations: static, allocation-free methods over
 * primitive arrays, with no dependency on the AST or the evaluator.
 *
 * <p>Range windows are passed as parallel arrays {@code (long[] ts, double[] vs, int from, int to)}
 * holding the float samples of one series inside a range, {@code from} inclusive and {@code to}
 * exclusive, timestamps in milliseconds and strictly increasing. Numbers follow Prometheus 3's
 * results, including its Kahan-compensated sums and its extrapolation rules.
 */
package dev.vigil.server.promql.functions;
