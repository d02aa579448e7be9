package dev.vigil.server.promql.parser;

import static dev.vigil.server.promql.parser.ValueType.MATRIX;
import static dev.vigil.server.promql.parser.ValueType.SCALAR;
import static dev.vigil.server.promql.parser.ValueType.STRING;
import static dev.vigil.server.promql.parser.ValueType.VECTOR;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every function of querying_functions.md, by name. */
public final class Functions {
  private static final Map<String, FunctionDef> TABLE = new TreeMap<>();

  static {
    for (String n : List.of("abs", "ceil", "exp", "floor", "ln", "log2", "log10", "sqrt", "sgn",
        "deg", "rad", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin",
        "sinh", "tan", "tanh", "absent", "sort", "sort_desc", "timestamp", "start_timestamp",
        "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev",
        "histogram_stdvar")) {
      add(n, VECTOR, 0, false, VECTOR);
    }
    for (String n : List.of("avg_over_time", "min_over_time", "max_over_time", "sum_over_time",
        "count_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time",
        "first_over_time", "present_over_time", "absent_over_time", "changes", "delta", "deriv",
        "idelta", "increase", "irate", "rate", "resets")) {
      add(n, VECTOR, 0, false, MATRIX);
    }
    for (String n : List.of("mad_over_time", "ts_of_min_over_time", "ts_of_max_over_time",
        "ts_of_last_over_time", "ts_of_first_over_time")) {
      add(n, VECTOR, 0, true, MATRIX);
    }
    // Date functions default to vector(time()) when called without an argument.
    for (String n : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
        "minute", "month", "year")) {
      add(n, VECTOR, 1, false, VECTOR);
    }
    add("clamp", VECTOR, 0, false, VECTOR, SCALAR, SCALAR);
    add("clamp_max", VECTOR, 0, false, VECTOR, SCALAR);
    add("clamp_min", VECTOR, 0, false, VECTOR, SCALAR);
    add("round", VECTOR, 1, false, VECTOR, SCALAR);
    add("histogram_fraction", VECTOR, 0, false, SCALAR, SCALAR, VECTOR);
    add("histogram_quantile", VECTOR, 0, false, SCALAR, VECTOR);
    // One to ten quantiles after the label name.
    add("histogram_quantiles", VECTOR, 9, true, VECTOR, STRING, SCALAR, SCALAR);
    add("double_exponential_smoothing", VECTOR, 0, true, MATRIX, SCALAR, SCALAR);
    add("info", VECTOR, 1, true, VECTOR, VECTOR);
    add("label_replace", VECTOR, 0, false, VECTOR, STRING, STRING, STRING, STRING);
    add("label_join", VECTOR, -1, false, VECTOR, STRING, STRING, STRING);
    add("predict_linear", VECTOR, 0, false, MATRIX, SCALAR);
    add("quantile_over_time", VECTOR, 0, false, SCALAR, MATRIX);
    add("sort_by_label", VECTOR, -1, true, VECTOR, STRING);
    add("sort_by_label_desc", VECTOR, -1, true, VECTOR, STRING);
    add("scalar", SCALAR, 0, false, VECTOR);
    add("vector", VECTOR, 0, false, SCALAR);
    add("pi", SCALAR, 0, false);
    add("time", SCALAR, 0, false);
    add("start", SCALAR, 0, true);
    add("end", SCALAR, 0, true);
    add("step", SCALAR, 0, true);
    add("range", SCALAR, 0, true);
    add("min_of", SCALAR, 0, true, SCALAR, SCALAR);
    add("max_of", SCALAR, 0, true, SCALAR, SCALAR);
  }

  private Functions() {}

  private static void add(String name, ValueType ret, int variadic, boolean experimental,
      ValueType... args) {
    TABLE.put(name, new FunctionDef(name, List.of(args), variadic, ret, experimental));
  }

  /** The function named {@code name}, or null when there is none. */
  public static FunctionDef get(String name) {
    return TABLE.get(name);
  }

  /** All functions, sorted by name. */
  public static Collection<FunctionDef> all() {
    return Collections.unmodifiableCollection(TABLE.values());
  }
}
