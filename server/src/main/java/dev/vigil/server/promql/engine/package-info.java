/**
 * The PromQL evaluator behind {@link dev.vigil.server.promql.engine.QueryEngine}.
 *
 * <p>Model: every expression is evaluated over all steps of its frame at once (an instant query
 * is a frame of one step; a subquery evaluates its inner expression in a frame of its own
 * steps). Instant-vector results are {@code StepSeries}: one series with a point per step where
 * it has a value. Operators, aggregations and functions walk their inputs step by step through
 * a {@code StepCursor}, reusing one {@code Vec} of parallel arrays per input, and gather their
 * output by label set in a {@code SeriesCollector}, which also reports two equal label sets at
 * one step as Prometheus does.
 *
 * <p>Storage is read once per selector for the whole frame: instant selectors walk a
 * {@link dev.vigil.server.storage.SampleIterator} forward with the lookback window, range
 * functions move a {@code Window} that buffers only the samples inside the current range.
 * Expressions whose every selector carries {@code @} are evaluated once and repeated
 * ({@code StepInvariance}).
 *
 * <p>Layout: {@code Engine} (parsing, limits, concurrency, result shapes) → {@code Evaluator}
 * (dispatch, subqueries) → {@code Selectors}, {@code BinaryOps}, {@code Aggregations},
 * {@code FunctionCalls} (the function table) with {@code RangeCalls} and {@code LabelCalls}.
 * Numbers come from {@code promql.functions}; this package decides what to compute, where and
 * with which labels.
 */
package dev.vigil.server.promql.engine;
