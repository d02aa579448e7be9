package dev.vigil.server.promql.parser;

/** Aggregation operators; {@link #paramType()} is null for those without a parameter. */
public enum AggregateOp {
  SUM(null),
  MIN(null),
  MAX(null),
  AVG(null),
  GROUP(null),
  STDDEV(null),
  STDVAR(null),
  COUNT(null),
  COUNT_VALUES(ValueType.STRING),
  BOTTOMK(ValueType.SCALAR),
  TOPK(ValueType.SCALAR),
  QUANTILE(ValueType.SCALAR),
  LIMITK(ValueType.SCALAR),
  LIMIT_RATIO(ValueType.SCALAR);

  private final ValueType paramType;
  private final String text;

  AggregateOp(ValueType paramType) {
    this.paramType = paramType;
    this.text = name().toLowerCase(java.util.Locale.ROOT);
  }

  public ValueType paramType() {
    return paramType;
  }

  public boolean hasParam() {
    return paramType != null;
  }

  /** Whether these are experimental in Prometheus (behind promql-experimental-functions). */
  public boolean experimental() {
    return this == LIMITK || this == LIMIT_RATIO;
  }

  /** The operator named {@code name} (case-sensitive, lower case), or null. */
  public static AggregateOp byName(String name) {
    for (AggregateOp op : values()) {
      if (op.text.equals(name)) {
        return op;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return text;
  }
}
