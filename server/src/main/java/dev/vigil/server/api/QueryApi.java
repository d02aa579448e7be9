package dev.vigil.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.promql.engine.QueryEngine;
import dev.vigil.server.promql.engine.QueryException;
import dev.vigil.server.promql.engine.QueryOptions;
import dev.vigil.server.promql.engine.QueryResult;
import dev.vigil.server.promql.engine.QueryStats;
import dev.vigil.server.promql.parser.AstJson;
import dev.vigil.server.promql.parser.Expr;
import dev.vigil.server.promql.parser.ParseException;
import dev.vigil.server.promql.parser.Printer;
import dev.vigil.server.promql.parser.PromQL;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/query}, {@code /api/v1/query_range}, {@code /api/v1/format_query} and
 * {@code /api/v1/parse_query}, with Prometheus's parameters, checks and error wording. Queries
 * run on the calling (worker) thread; {@code timeout} and {@code lookback_delta} go to the engine
 * with the query, so a query past its deadline stops evaluating rather than running on unseen.
 */
public final class QueryApi {
  /** Prometheus's cap on points per series in a range query. */
  static final long MAX_POINTS = 11_000;
  private static final ObjectMapper AST = new ObjectMapper();
  // What Go's ParseFloat takes in base 10 (without the rarely sent Inf, NaN and hex forms).
  private static final Pattern GO_FLOAT =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private final Supplier<QueryEngine> engine;
  private final LongSupplier nowMillis;

  public QueryApi(QueryEngine engine, LongSupplier nowMillis) {
    this(() -> engine, nowMillis);
  }

  /**
   * @param engine the engine in use, asked once per query (a configuration reload may replace
   *     it); a request's {@code timeout} can only shorten the engine's own
   */
  public QueryApi(Supplier<QueryEngine> engine, LongSupplier nowMillis) {
    this.engine = engine;
    this.nowMillis = nowMillis;
  }

  public ApiResponse query(ApiRequest r) throws ApiException {
    int limit = ApiParams.limit(r);
    long time = ApiParams.time(r, "time", nowMillis.getAsLong());
    QueryOptions opts = options(r);
    String stats = r.get("stats");
    String query = r.get("query");
    QueryEngine e = engine.get();
    QueryResult result = run(() -> e.instant(query, time, opts), true);
    return answer(result, limit, stats);
  }

  public ApiResponse queryRange(ApiRequest r) throws ApiException {
    int limit = ApiParams.limit(r);
    long start = ApiParams.time(r, "start");
    long end = ApiParams.time(r, "end");
    if (end < start) {
      throw ApiException.invalidParam("end", "end timestamp must not be before start time");
    }
    long stepNanos;
    try {
      stepNanos = durationNanos(r.get("step"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam("step", e.getMessage());
    }
    if (stepNanos <= 0) {
      throw ApiException.invalidParam("step", "zero or negative query resolution step widths "
          + "are not accepted. Try a positive integer");
    }
    if (spanNanos(start, end) / stepNanos > MAX_POINTS) {
      throw ApiException.badData("exceeded maximum resolution of 11,000 points per timeseries. "
          + "Try decreasing the query resolution (?step=XX)");
    }
    long stepMs = Math.max(1, stepNanos / 1_000_000L);
    QueryOptions opts = options(r);
    String stats = r.get("stats");
    String query = r.get("query");
    // Prometheus names the parameter in a bad instant query's error but not in a range query's.
    QueryEngine e = engine.get();
    QueryResult result = run(() -> e.range(query, start, end, stepMs, opts), false);
    return answer(result, limit, stats);
  }

  public ApiResponse formatQuery(ApiRequest r) throws ApiException {
    String pretty = Printer.pretty(parse(r.get("query")));
    return ApiResponse.of(g -> g.writeString(pretty));
  }

  public ApiResponse parseQuery(ApiRequest r) throws ApiException {
    Object ast = AstJson.toMap(parse(r.get("query")));
    return ApiResponse.of(g -> AST.writeValue(g, ast));
  }

  private static Expr parse(String query) throws ApiException {
    try {
      return PromQL.parse(query);
    } catch (ParseException | IllegalArgumentException e) {
      throw ApiException.invalidParam("query", e.getMessage());
    }
  }

  /** {@code end - start} in nanoseconds, saturated as Go's {@code Time.Sub} saturates. */
  static long spanNanos(long startMs, long endMs) {
    try {
      return Math.multiplyExact(Math.subtractExact(endMs, startMs), 1_000_000L);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The request's {@code timeout} and {@code lookback_delta}, in Prometheus's order. */
  private QueryOptions options(ApiRequest r) throws ApiException {
    QueryOptions opts = QueryOptions.DEFAULTS;
    String timeout = r.get("timeout");
    if (!timeout.isEmpty()) {
      try {
        // A zero or negative timeout is kept: like Go's expired context, the query fails.
        opts = opts.withTimeout(Duration.ofNanos(durationNanos(timeout)));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidParam("timeout", e.getMessage());
      }
    }
    String lookback = r.get("lookback_delta");
    if (!lookback.isEmpty()) {
      try {
        opts = opts.withLookbackDelta(Duration.ofNanos(durationNanos(lookback)));
      } catch (IllegalArgumentException e) {
        // Prometheus words this one without naming the parameter in its usual form.
        throw ApiException.badData("error parsing lookback delta duration: " + e.getMessage());
      }
    }
    return opts;
  }

  private interface Query {
    QueryResult run();
  }

  private static QueryResult run(Query q, boolean nameParam) throws ApiException {
    try {
      return q.run();
    } catch (QueryException e) {
      throw refusal(e, nameParam);
    }
  }

  /**
   * The engine's failure as the API's error; a bad query is a bad {@code query} parameter,
   * named in the message when {@code nameParam}.
   */
  static ApiException refusal(QueryException e, boolean nameParam) {
    return switch (e.errorType()) {
      case "bad_data" -> nameParam ? ApiException.invalidParam("query", e.getMessage())
          : ApiException.badData(e.getMessage());
      case "timeout" -> new ApiException(ApiException.Type.TIMEOUT, e.getMessage());
      case "canceled" -> new ApiException(ApiException.Type.CANCELED, e.getMessage());
      case "execution" -> new ApiException(ApiException.Type.EXECUTION, e.getMessage());
      default -> new ApiException(ApiException.Type.INTERNAL, e.getMessage());
    };
  }

  private static ApiResponse answer(QueryResult result, int limit, String statsParam) {
    Value value = result.value();
    List<String> warnings = result.warnings();
    if (limit > 0) {
      Value cut = truncate(value, limit);
      if (cut != value) {
        value = cut;
        warnings = new ArrayList<>(warnings);
        warnings.add(SeriesApi.TRUNCATED);
      }
    }
    QueryStats stats = statsParam.isEmpty() ? null : result.stats();
    if (stats != null && !statsParam.equals("true") && !statsParam.equals("all")) {
      warnings = new ArrayList<>(warnings);
      warnings.add("stats parameter value " + Printer.quote(statsParam)
          + " is deprecated: use \"true\" or \"all\"");
    }
    Value out = value;
    return new ApiResponse(g -> QueryJson.data(g, out, stats), warnings, result.infos(), false);
  }

  /** The first {@code limit} series of a vector or matrix; {@code v} itself when within it. */
  static Value truncate(Value v, int limit) {
    if (v instanceof InstantVector iv && iv.samples().size() > limit) {
      return new InstantVector(iv.samples().subList(0, limit));
    }
    if (v instanceof Matrix m && m.series().size() > limit) {
      return new Matrix(m.series().subList(0, limit));
    }
    return v;
  }

  /**
   * A duration parameter as Prometheus's API reads one: float seconds ({@code 15}, {@code 0.5})
   * or a PromQL duration ({@code 1m30s}), in nanoseconds.
   *
   * @throws IllegalArgumentException {@code cannot parse "x" to a valid duration}
   */
  static long durationNanos(String s) {
    if (GO_FLOAT.matcher(s).matches()) {
      double ns = Double.parseDouble(s) * 1e9;
      if (ns >= 0x1p63 || ns < -0x1p63) {
        throw new IllegalArgumentException("cannot parse " + Printer.quote(s)
            + " to a valid duration. It overflows int64");
      }
      return (long) ns;
    }
    try {
      return Math.multiplyExact(dev.vigil.server.config.Durations.parse(s).toMillis(), 1_000_000L);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("cannot parse " + Printer.quote(s)
          + " to a valid duration");
    }
  }
}
