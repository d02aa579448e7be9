package dev.vigil.server.promql.parser;

import dev.vigil.server.model.Matcher;
import java.util.List;

/** Entry points: parse a query, or a series selector of a {@code match[]} parameter. */
public final class PromQL {
  private PromQL() {}

  /**
   * Parses and type-checks a query, experimental syntax allowed.
   *
   * @throws ParseException with the position and a Prometheus-like message
   */
  public static Expr parse(String query) {
    return parse(query, ParseOptions.ALL);
  }

  /** Parses and type-checks a query, allowing the experimental syntax {@code options} enable. */
  public static Expr parse(String query, ParseOptions options) {
    return new Parser(query, options).parseQuery();
  }

  /**
   * Parses a series selector such as {@code up{job="x"}} (no offset, {@code @}, range or any
   * other expression) and returns its matchers, the metric name matcher included. Unlike a
   * query, a selector whose matchers all match the empty string ({@code {job=~".*"}}) is accepted:
   * as in Prometheus, callers that must refuse it (the API's {@code match[]}) check and word it
   * themselves, and others ({@code match_target}) allow it.
   */
  public static List<Matcher> parseSeriesSelector(String selector) {
    return new Parser(selector, ParseOptions.STABLE).parseSelectorOnly().matchers();
  }
}
