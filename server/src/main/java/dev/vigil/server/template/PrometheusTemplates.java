package dev.vigil.server.template;

import dev.vigil.server.model.Labels;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's template functions (query, humanize*, graphLink, …) and its alert label and
 * annotation expansion. Immutable and thread-safe when the {@link QueryFunc} is.
 */
public final class PrometheusTemplates {
  /** A query for the {@code query} function: PromQL text at a time → samples. */
  @FunctionalInterface
  public interface QueryFunc {
    /**
     * @param expr PromQL text
     * @param timeMillis evaluation time, Unix milliseconds
     * @return samples with their labels (including {@code __name__}) and values
     * @throws Exception any failure; reported to the template as
     *     {@code error executing query <expr>: <message>}
     */
    List<QuerySample> query(String expr, long timeMillis) throws Exception;
  }

  /** One sample of a query result; templates see {@code .Labels} and {@code .Value}. */
  public record QuerySample(Labels labels, double value) implements TemplateObject {
    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Labels" -> labels;
        case "Value" -> value;
        default -> MISSING;
      };
    }

    @Override
    public String typeName() {
      return "*template.sample";
    }

    @Override
    public String toString() {
      return "&{" + Fmt.formatV(labels) + " " + Fmt.formatV(value) + "}";
    }
  }

  private final QueryFunc query;
  private final String externalUrl;
  private final String pathPrefix;

  /**
   * @param query runs PromQL for {@code query}; may be null when templates must not query
   * @param externalUrl the server's external URL ({@code --web.external-url}), for
   *     {@code externalURL} and {@code $externalURL}
   * @param pathPrefix the URL path, for {@code pathPrefix}; derived from externalUrl when null
   */
  public PrometheusTemplates(QueryFunc query, String externalUrl, String pathPrefix) {
    this.query = query;
    this.externalUrl = externalUrl == null ? "" : externalUrl;
    this.pathPrefix = pathPrefix != null ? pathPrefix : pathOf(this.externalUrl);
  }

  private static String pathOf(String url) {
    try {
      String p = URI.create(url).getRawPath();
      return p == null ? "" : p;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /**
   * Expands an alert's label or annotation template as Prometheus does: {@code $labels},
   * {@code $externalLabels}, {@code $externalURL} and {@code $value} are defined before the text,
   * the data has {@code .Labels .ExternalLabels .ExternalURL .Value}, and missing keys expand to
   * the empty string.
   *
   * @param name template name for errors, Prometheus uses {@code __alert_<rule name>}
   * @throws TemplateException {@code error parsing template <name>: ...} or
   *     {@code error executing template <name>: ...}
   */
  public String expandAlert(String name, String text, Labels labels, Labels externalLabels,
      double value, long evalTimeMillis) throws TemplateException {
    String full = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
        + "{{$externalURL := .ExternalURL}}{{$value := .Value}}" + text;
    GoTemplate t;
    try {
      t = GoTemplate.parse(name, full, funcs(evalTimeMillis)).missingKeyZero(true);
    } catch (TemplateException e) {
      throw new TemplateException("error parsing template " + name + ": " + e.getMessage(), e);
    }
    AlertData data = new AlertData(labels, externalLabels == null ? Labels.EMPTY : externalLabels,
        externalUrl, value);
    try {
      return t.execute(data);
    } catch (TemplateException e) {
      throw new TemplateException("error executing template " + name + ": " + e.getMessage(), e);
    }
  }

  /** The data of an alert template. */
  private record AlertData(Labels labels, Labels externalLabels, String externalUrl, double value)
      implements TemplateObject {
    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Labels" -> labels;
        case "ExternalLabels" -> externalLabels;
        case "ExternalURL" -> externalUrl;
        case "Value" -> value;
        default -> MISSING;
      };
    }

    @Override
    public String typeName() {
      return "struct { Labels map[string]string; ExternalLabels map[string]string; "
          + "ExternalURL string; Value interface {} }";
    }
  }

  /** All Prometheus template functions, evaluating {@code query} and {@code now} at the time. */
  public FuncMap funcs(long evalTimeMillis) {
    FuncMap f = FuncMap.builtins();
    f = f.with("query", args -> {
      WrongArgs.want("query", args, 1);
      String expr = str(args.get(0));
      if (query == null) {
        throw new TemplateException("error executing query " + expr
            + ": queries are not available here");
      }
      try {
        return List.copyOf(query.query(expr, evalTimeMillis));
      } catch (TemplateException e) {
        throw e;
      } catch (Exception e) {
        throw new TemplateException("error executing query " + expr + ": " + e.getMessage(), e);
      }
    });
    f = f.with("first", args -> {
      WrongArgs.want("first", args, 1);
      List<?> l = Fmt.asList(args.get(0));
      if (l == null && args.get(0) != null) {
        throw new TemplateException("wrong type for value; expected template.queryResult; got "
            + Fmt.typeName(args.get(0)));
      }
      if (l == null || l.isEmpty()) {
        throw new TemplateException("first() called on vector with no elements");
      }
      return l.get(0);
    });
    f = f.with("label", args -> {
      WrongArgs.want("label", args, 2);
      String name = str(args.get(0));
      QuerySample s = sample(args.get(1));
      String v = s.labels().get(name);
      return v == null ? "" : v;
    });
    f = f.with("value", args -> {
      WrongArgs.want("value", args, 1);
      return sample(args.get(0)).value();
    });
    f = f.with("strvalue", args -> {
      WrongArgs.want("strvalue", args, 1);
      String v = sample(args.get(0)).labels().get("__value__");
      return v == null ? "" : v;
    });
    f = f.with("sortByLabel", args -> {
      WrongArgs.want("sortByLabel", args, 2);
      String name = str(args.get(0));
      List<?> l = Fmt.asList(args.get(1));
      if (l == null) {
        throw new TemplateException("wrong type for value; expected template.queryResult; got "
            + Fmt.typeName(args.get(1)));
      }
      List<QuerySample> out = new ArrayList<>();
      for (Object o : l) {
        out.add(sample(o));
      }
      out.sort((a, b) -> Values.compareBytes(orEmpty(a.labels().get(name)),
          orEmpty(b.labels().get(name)))); // List.sort is stable, as Go's sort.Stable
      return List.copyOf(out);
    });
    f = f.with("args", args -> {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < args.size(); i++) {
        m.put("arg" + i, args.get(i));
      }
      return java.util.Collections.unmodifiableMap(m);
    });
    f = f.withAll(StringFuncs.prometheus());
    f = f.with("graphLink", args -> {
      WrongArgs.want("graphLink", args, 1);
      return "/graph?g0.expr=" + Builtins.queryEscape(str(args.get(0))) + "&g0.tab=0";
    });
    f = f.with("tableLink", args -> {
      WrongArgs.want("tableLink", args, 1);
      return "/graph?g0.expr=" + Builtins.queryEscape(str(args.get(0))) + "&g0.tab=1";
    });
    f = f.with("humanize", args -> {
      WrongArgs.want("humanize", args, 1);
      return Humanize.humanize(Humanize.toFloat(args.get(0)));
    });
    f = f.with("humanize1024", args -> {
      WrongArgs.want("humanize1024", args, 1);
      return Humanize.humanize1024(Humanize.toFloat(args.get(0)));
    });
    f = f.with("humanizeDuration", args -> {
      WrongArgs.want("humanizeDuration", args, 1);
      return Humanize.duration(Humanize.toFloat(args.get(0)));
    });
    f = f.with("humanizePercentage", args -> {
      WrongArgs.want("humanizePercentage", args, 1);
      return Fmt.sprintf("%.4g%%", List.of(Humanize.toFloat(args.get(0)) * 100));
    });
    f = f.with("humanizeTimestamp", args -> {
      WrongArgs.want("humanizeTimestamp", args, 1);
      double v = Humanize.toFloat(args.get(0));
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        return Fmt.sprintf("%.4g", List.of(v));
      }
      return Humanize.toTime(v).toString();
    });
    f = f.with("toTime", args -> {
      WrongArgs.want("toTime", args, 1);
      double v = Humanize.toFloat(args.get(0));
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new TemplateException("value is NaN or Inf");
      }
      return Humanize.toTime(v);
    });
    f = f.with("toDuration", args -> {
      WrongArgs.want("toDuration", args, 1);
      double v = Humanize.toFloat(args.get(0));
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new TemplateException("value is NaN or Inf");
      }
      return new GoDuration(Humanize.floatToInt64(v * 1e9));
    });
    f = f.with("parseDuration", args -> {
      WrongArgs.want("parseDuration", args, 1);
      return Humanize.parseDuration(str(args.get(0))) / 1000.0;
    });
    f = f.with("now", args -> {
      WrongArgs.want("now", args, 0);
      return evalTimeMillis / 1000.0;
    });
    f = f.with("pathPrefix", args -> {
      WrongArgs.want("pathPrefix", args, 0);
      return pathPrefix;
    });
    f = f.with("externalURL", args -> {
      WrongArgs.want("externalURL", args, 0);
      return externalUrl;
    });
    f = f.with("tmpl", Builtins.TMPL);
    return f;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  static String str(Object o) throws TemplateException {
    if (o instanceof String s) {
      return s;
    }
    throw new TemplateException("wrong type for value; expected string; got " + Fmt.typeName(o));
  }

  private static QuerySample sample(Object o) throws TemplateException {
    if (o instanceof QuerySample s) {
      return s;
    }
    throw new TemplateException("wrong type for value; expected *template.sample; got "
        + Fmt.typeName(o));
  }

  static GoTime utc(long millis) {
    return new GoTime(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
