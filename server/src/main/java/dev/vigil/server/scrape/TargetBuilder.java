package dev.vigil.server.scrape;

import dev.vigil.server.model.Labels;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns discovered labels into a target as Prometheus does: adds the job's defaults
 * ({@code job}, {@code __scheme__}, {@code __metrics_path__}, {@code __param_*}, interval and
 * timeout), applies the relabel rules, defaults {@code instance} to the address, and drops the
 * {@code __}-prefixed labels from what samples get.
 */
public final class TargetBuilder {
  private TargetBuilder() {}

  /** The outcome for one discovered label set: a target, or why it was dropped. */
  public record Result(Target target, Labels discovered, String droppedReason) {}

  public static Result build(String pool, Labels discovered, String scheme, String metricsPath,
      Map<String, List<String>> params, String interval, String timeout,
      UnaryOperator<Labels> relabel) {
    Labels.Builder b = discovered.toBuilder();
    setDefault(b, "job", pool);
    setDefault(b, "__scheme__", scheme);
    setDefault(b, "__metrics_path__", metricsPath);
    setDefault(b, "__scrape_interval__", interval);
    setDefault(b, "__scrape_timeout__", timeout);
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      if (!p.getValue().isEmpty()) {
        setDefault(b, "__param_" + p.getKey(), p.getValue().get(0));
      }
    }
    Labels withDefaults = b.build();
    Labels relabelled = relabel.apply(withDefaults);
    if (relabelled == null) {
      return new Result(null, withDefaults, "dropped by relabelling");
    }
    String address = relabelled.get("__address__");
    if (address == null) {
      return new Result(null, withDefaults, "no address");
    }
    if (address.contains("/")) {
      return new Result(null, withDefaults, "invalid address \"" + address + "\": contains a /");
    }
    Labels.Builder out = relabelled.toBuilder();
    setDefault(out, "instance", address);
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < relabelled.size(); i++) {
      String name = relabelled.name(i);
      if (name.startsWith("__param_")) {
        query.append(query.length() == 0 ? '?' : '&')
            .append(URLEncoder.encode(name.substring("__param_".length()), StandardCharsets.UTF_8))
            .append('=').append(URLEncoder.encode(relabelled.value(i), StandardCharsets.UTF_8));
      }
      if (name.startsWith("__")) {
        out.delete(name);
      }
    }
    String path = relabelled.get("__metrics_path__");
    String url = relabelled.get("__scheme__") + "://" + address
        + (path == null || path.startsWith("/") ? "" : "/") + (path == null ? "" : path) + query;
    return new Result(new Target(pool, out.build(), withDefaults, url), withDefaults, null);
  }

  private static void setDefault(Labels.Builder b, String name, String value) {
    if (b.get(name) == null) {
      b.set(name, value);
    }
  }
}
