package dev.vigil.server.promql.parser;

/**
 * Which experimental syntax a query may use, after Prometheus's feature flags
 * {@code promql-experimental-functions}, {@code promql-extended-range-selectors} and
 * {@code promql-binop-fill-modifiers}.
 */
public record ParseOptions(
    boolean experimentalFunctions, boolean extendedRangeSelectors, boolean fillModifiers) {

  /** Everything enabled, as the PromQL test scripts run. */
  public static final ParseOptions ALL = new ParseOptions(true, true, true);

  /** Only stable syntax: Prometheus without feature flags. */
  public static final ParseOptions STABLE = new ParseOptions(false, false, false);
}
