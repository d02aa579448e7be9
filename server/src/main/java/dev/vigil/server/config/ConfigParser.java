package dev.vigil.server.config;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.LabelNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the located YAML tree of a prometheus.yml into {@link Config}: top level, global, scrape. */
final class ConfigParser {
  static final List<String> SCRAPE_PROTOCOLS = List.of("PrometheusProto", "OpenMetricsText0.0.1",
      "OpenMetricsText1.0.0", "PrometheusText0.0.4", "PrometheusText1.0.0");

  private final ParseContext ctx;

  ConfigParser(ParseContext ctx) {
    this.ctx = ctx;
  }

  /** Parses {@code root} (null for an empty file); throws when any problem was found. */
  Config parse(Node root) throws ConfigException {
    Fields f = new Fields(ctx, root, "", "config");
    GlobalConfig global = global(new Fields(ctx, f.node("global"), "global", "global_config"));
    List<String> ruleFiles = SectionParsers.globs(f, "rule_files");
    List<ScrapeConfig> scrapes = new ArrayList<>();
    Map<String, Node> jobs = new HashMap<>();
    List<Node> items = f.items("scrape_configs");
    for (int i = 0; i < items.size(); i++) {
      Fields sf = new Fields(ctx, items.get(i), "scrape_configs[" + i + "]", "scrape_config");
      ScrapeConfig sc = scrape(sf, global);
      if (sc.jobName().isEmpty()) {
        continue;
      }
      Node first = jobs.putIfAbsent(sc.jobName(), items.get(i));
      if (first != null) {
        sf.error("job_name", "found multiple scrape configs with job name \"" + sc.jobName()
            + "\" (first at line " + first.line() + ")");
      }
      scrapes.add(sc);
    }
    AlertingConfig alerting = RemoteParsers.alerting(
        new Fields(ctx, f.node("alerting"), "alerting", "alerting_config"));
    List<RemoteWriteConfig> rw = RemoteParsers.remoteWrites(f);
    List<RemoteReadConfig> rr = RemoteParsers.remoteReads(f);
    // Sections Vigil reads elsewhere (storage flags) or does not implement; accepted so that a
    // Prometheus file loads. scrape_config_files would change which jobs run: rejected instead.
    TsdbConfig tsdb = storage(new Fields(ctx, f.node("storage"), "storage", "storage_config"));
    f.ignore("tracing", "runtime", "otlp");
    f.unsupported("scrape_config_files");
    f.finish();
    if (!ctx.problems.isEmpty()) {
      throw new ConfigException(ctx.sortedProblems());
    }
    return new Config(global, ruleFiles, scrapes, alerting, rw, rr, ctx.source, tsdb);
  }

  /** {@code storage}: the TSDB's reloadable settings; the rest is read elsewhere or not used. */
  private TsdbConfig storage(Fields f) {
    Fields tf = new Fields(ctx, f.node("tsdb"), f.path("tsdb"), "tsdb_config");
    Duration window = tf.duration("out_of_order_time_window", Duration.ZERO);
    // Retention comes from the command-line flags; the others change nothing Vigil does yet.
    tf.ignore("retention", "stale_series_compaction_threshold", "chunk_encoding");
    tf.finish();
    Fields ef = new Fields(ctx, f.node("exemplars"), f.path("exemplars"), "exemplars_config");
    int maxExemplars = ef.intCount("max_exemplars", TsdbConfig.DEFAULT_MAX_EXEMPLARS);
    ef.finish();
    f.finish();
    return new TsdbConfig(window, maxExemplars);
  }

  private GlobalConfig global(Fields f) {
    Duration interval = positive(f, "scrape_interval", GlobalConfig.DEFAULT_SCRAPE_INTERVAL);
    Duration timeout = positive(f, "scrape_timeout", null);
    if (timeout == null) {
      // An unset timeout never exceeds the interval: it shrinks to it, as in Prometheus.
      timeout = min(GlobalConfig.DEFAULT_SCRAPE_TIMEOUT, interval);
    } else if (timeout.compareTo(interval) > 0) {
      f.error("scrape_timeout", "global scrape_timeout (" + Durations.format(timeout)
          + ") is greater than scrape_interval (" + Durations.format(interval) + ")");
    }
    Duration eval = positive(f, "evaluation_interval", GlobalConfig.DEFAULT_EVALUATION_INTERVAL);
    Labels external = externalLabels(f);
    List<String> protocols = protocols(f);
    String scheme = f.string("metric_name_validation_scheme", "");
    if (!scheme.isEmpty() && !scheme.equals("utf8") && !scheme.equals("legacy")) {
      f.error("metric_name_validation_scheme", "unknown name validation scheme \"" + scheme
          + "\" (use utf8 or legacy)");
    }
    GlobalConfig g = new GlobalConfig(interval, timeout, eval,
        f.duration("rule_query_offset", Duration.ZERO), external, protocols,
        f.file("query_log_file"), f.file("scrape_failure_log_file"), limits(f),
        f.bool("scrape_native_histograms", false),
        f.bool("convert_classic_histograms_to_nhcb", false),
        f.bool("always_scrape_classic_histograms", false),
        f.bool("extra_scrape_metrics", false));
    f.finish();
    return g;
  }

  private ScrapeConfig scrape(Fields f, GlobalConfig g) {
    String job = f.string("job_name", "");
    if (job.isEmpty()) {
      ctx.error(f.self(), f.path("job_name"), "job_name is missing");
    }
    Duration interval = positive(f, "scrape_interval", g.scrapeInterval());
    Duration timeout = positive(f, "scrape_timeout", null);
    if (timeout == null) {
      timeout = min(g.scrapeTimeout(), interval);
    } else if (timeout.compareTo(interval) > 0) {
      f.error("scrape_timeout", "scrape_timeout (" + Durations.format(timeout)
          + ") is greater than scrape_interval (" + Durations.format(interval) + ")");
    }
    List<String> protocols = protocols(f);
    String fallback = f.string("fallback_scrape_protocol", null);
    if (fallback != null && !SCRAPE_PROTOCOLS.contains(fallback)) {
      f.error("fallback_scrape_protocol", "unknown scrape protocol \"" + fallback
          + "\", supported: " + String.join(", ", SCRAPE_PROTOCOLS));
    }
    String scheme = scheme(f);
    Map<String, List<String>> params = new LinkedHashMap<>();
    Node.Mapping pm = f.mapping("params");
    if (pm != null) {
      Fields pf = new Fields(ctx, pm, f.path("params"), "params");
      for (String k : pm.entries().keySet()) {
        params.put(k, pf.strings(k));
      }
    }
    ScrapeConfig sc = new ScrapeConfig(job, interval, timeout,
        protocols.isEmpty() ? g.scrapeProtocols() : protocols, fallback,
        f.string("metrics_path", ScrapeConfig.DEFAULT_METRICS_PATH), scheme, params,
        f.bool("honor_labels", false), f.bool("honor_timestamps", true),
        f.bool("track_timestamps_staleness", false), f.bool("enable_compression", true),
        HttpConfigParser.parse(f, true), SectionParsers.staticConfigs(f),
        SectionParsers.fileSdConfigs(f), SectionParsers.httpSdConfigs(f),
        SectionParsers.relabelConfigs(f, "relabel_configs"),
        SectionParsers.relabelConfigs(f, "metric_relabel_configs"),
        limits(f).orElse(g.limits()),
        f.has("scrape_failure_log_file") ? f.file("scrape_failure_log_file")
            : g.scrapeFailureLogFile());
    // Native-histogram and name-escaping knobs: type-checked, not used yet (Vigil ingests
    // classic histograms only and legacy names).
    f.bool("scrape_native_histograms", false);
    f.bool("convert_classic_histograms_to_nhcb", false);
    f.bool("always_scrape_classic_histograms", false);
    f.bool("scrape_classic_histograms", false);
    f.bool("extra_scrape_metrics", false);
    f.count("native_histogram_bucket_limit", 0);
    f.number("native_histogram_min_bucket_factor", 0);
    f.string("metric_name_validation_scheme", "");
    f.string("metric_name_escaping_scheme", "");
    f.unsupported(SectionParsers.UNSUPPORTED_SD);
    f.finish();
    return sc;
  }

  static String scheme(Fields f) {
    String scheme = f.string("scheme", "http");
    if (!scheme.equals("http") && !scheme.equals("https")) {
      f.error("scheme", "scheme must be http or https, got \"" + scheme + "\"");
    }
    return scheme;
  }

  private static ScrapeLimits limits(Fields f) {
    return new ScrapeLimits(f.size("body_size_limit", 0), f.count("sample_limit", 0),
        f.count("label_limit", 0), f.count("label_name_length_limit", 0),
        f.count("label_value_length_limit", 0), f.count("target_limit", 0),
        f.count("keep_dropped_targets", 0));
  }

  private static List<String> protocols(Fields f) {
    List<String> protocols = f.strings("scrape_protocols");
    Set<String> seen = new HashSet<>();
    for (String p : protocols) {
      if (!SCRAPE_PROTOCOLS.contains(p)) {
        f.error("scrape_protocols", "unknown scrape protocol \"" + p + "\", supported: "
            + String.join(", ", SCRAPE_PROTOCOLS));
      } else if (!seen.add(p)) {
        f.error("scrape_protocols", "duplicated protocol \"" + p + "\"");
      }
    }
    return protocols;
  }

  /** A duration that must be positive when set; 0 means "use the default", as in Prometheus. */
  private static Duration positive(Fields f, String key, Duration def) {
    Duration d = f.duration(key, null);
    return d == null || d.isZero() ? def : d;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private Labels externalLabels(Fields f) {
    Node.Mapping m = f.mapping("external_labels");
    if (m == null) {
      return Labels.EMPTY;
    }
    Labels.Builder b = new Labels.Builder();
    for (Map.Entry<String, String> e : f.stringMap("external_labels").entrySet()) {
      if (!LabelNames.isValid(e.getKey())) {
        int[] at = m.keyLocations().get(e.getKey());
        ctx.errorAt(at[0], at[1], "global.external_labels: \"" + e.getKey()
            + "\" is not a valid label name");
        continue;
      }
      b.set(e.getKey(), EnvExpander.expand(e.getValue(), ctx.env));
    }
    return b.build();
  }
}
