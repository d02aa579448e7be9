package dev.vigil.server.remote;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.promql.parser.Printer;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /federate?match[]=...}: the latest sample (within the lookback delta, not a
 * staleness marker) of every series matching any {@code match[]}, with the server's external
 * labels added where a series lacks them, and each sample's own timestamp. Text format 0.0.4 by
 * default, OpenMetrics 1.0 when the {@code Accept} header asks for it. Types are not tracked per
 * series here, so every family is {@code untyped} ({@code unknown} in OpenMetrics), as in
 * Prometheus's own federation output for series without metadata. Whether the scraping server
 * keeps these labels or renames clashes is its {@code honor_labels}.
 */
public final class FederateHandler implements HttpHandler {
  private final Queryable storage;
  private final Function<String, List<Matcher>> selectors;
  private final Supplier<Labels> externalLabels;
  private final LongSupplier lookbackMillis;
  private final LongSupplier clock;

  public FederateHandler(Queryable storage, Function<String, List<Matcher>> selectors,
      Supplier<Labels> externalLabels, LongSupplier lookbackMillis, LongSupplier clock) {
    this.storage = storage;
    this.selectors = selectors;
    this.externalLabels = externalLabels;
    this.lookbackMillis = lookbackMillis;
    this.clock = clock;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    Deque<String> match = ex.getQueryParameters().get("match[]");
    List<List<Matcher>> sets = new ArrayList<>();
    try {
      if (match != null) {
        for (String m : match) {
          sets.add(selectors.apply(m));
        }
      }
    } catch (IllegalArgumentException e) {
      text(ex, 400, "bad match[]: " + e.getMessage());
      return;
    }
    long now = clock.getAsLong();
    long mint = now - lookbackMillis.getAsLong();
    Labels ext = externalLabels.get();
    // Sorted by labels, so each metric family comes out as one block; overlapping match[]
    // sets select a series once.
    Map<Labels, long[]> times = new TreeMap<>();
    Map<Labels, Double> values = new TreeMap<>();
    try (Querier q = storage.querier(mint, now)) {
      for (List<Matcher> ms : sets) {
        SeriesSet set = q.select(false, ms.toArray(new Matcher[0]));
        while (set.next()) {
          SampleIterator it = set.iterator();
          long t = Long.MIN_VALUE;
          double v = 0;
          while (it.next()) {
            if (it.atT() > now) {
              break;
            }
            t = it.atT();
            v = it.atV();
          }
          if (t == Long.MIN_VALUE || t < mint || StaleNaN.is(v)) {
            continue;
          }
          Labels l = ReadHandler.withExternal(set.labels(), ext);
          times.put(l, new long[] {t});
          values.put(l, v);
        }
      }
    }
    String accept = ex.getRequestHeaders().getFirst(Headers.ACCEPT);
    boolean om = accept != null && accept.contains("application/openmetrics-text");
    StringBuilder b = new StringBuilder();
    String family = null;
    for (Map.Entry<Labels, long[]> e : times.entrySet()) {
      Labels l = e.getKey();
      String name = l.metricName();
      if (!name.equals(family)) {
        b.append("# TYPE ").append(name).append(om ? " unknown\n" : " untyped\n");
        family = name;
      }
      b.append(name);
      boolean first = true;
      for (int i = 0; i < l.size(); i++) {
        if (l.name(i).equals(Labels.METRIC_NAME)) {
          continue;
        }
        b.append(first ? '{' : ',').append(l.name(i)).append("=\"");
        escape(b, l.value(i));
        b.append('"');
        first = false;
      }
      if (!first) {
        b.append('}');
      }
      b.append(' ').append(number(values.get(l))).append(' ');
      long t = e.getValue()[0];
      if (om) {
        b.append(Math.floorDiv(t, 1000)).append('.')
            .append(String.format("%03d", Math.floorMod(t, 1000)));
      } else {
        b.append(t);
      }
      b.append('\n');
    }
    if (om) {
      b.append("# EOF\n");
    }
    ex.setStatusCode(200);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, om
        ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
        : "text/plain; version=0.0.4; charset=utf-8");
    ex.getResponseSender().send(b.toString(), StandardCharsets.UTF_8);
  }

  static String number(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Printer.formatNumber(v);
  }

  private static void escape(StringBuilder b, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
  }

  private static void text(HttpServerExchange ex, int status, String msg) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    ex.getResponseSender().send(msg + "\n", StandardCharsets.UTF_8);
  }
}
