package dev.vigil.server.config;

import com.google.re2j.Pattern;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.LabelNames;
import dev.vigil.server.relabel.RelabelConfig;
import dev.vigil.server.relabel.RelabelRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parsers for the pieces shared by scrape configs and alertmanager configs: static configs,
 * file and HTTP service discovery, relabel configs, and label sets.
 */
final class SectionParsers {
  // One '*' at most, and only in the last path element, as Prometheus allows.
  static final Pattern FILE_SD_NAME =
      Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");
  static final Pattern GLOB_PATH = Pattern.compile("^[^*]*(\\*[^/]*)?$");

  /** Service discoveries the spec defines but Vigil does not implement. */
  static final String[] UNSUPPORTED_SD = {
    "aws_sd_configs", "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs",
    "docker_sd_configs", "dockerswarm_sd_configs", "dns_sd_configs", "ec2_sd_configs",
    "eureka_sd_configs", "gce_sd_configs", "hetzner_sd_configs", "ionos_sd_configs",
    "kubernetes_sd_configs", "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs",
    "marathon_sd_configs", "nerve_sd_configs", "nomad_sd_configs", "oci_sd_configs",
    "openstack_sd_configs", "outscale_sd_configs", "ovhcloud_sd_configs", "puppetdb_sd_configs",
    "scaleway_sd_configs", "serverset_sd_configs", "stackit_sd_configs", "triton_sd_configs",
    "uyuni_sd_configs", "vultr_sd_configs"
  };

  private SectionParsers() {}

  static List<StaticConfig> staticConfigs(Fields parent) {
    List<StaticConfig> out = new ArrayList<>();
    List<Node> items = parent.items("static_configs");
    for (int i = 0; i < items.size(); i++) {
      Fields f = new Fields(parent.ctx(), items.get(i), parent.path("static_configs") + "[" + i
          + "]", "static_config");
      List<String> targets = f.strings("targets");
      for (int t = 0; t < targets.size(); t++) {
        String target = targets.get(t);
        // A target is host[:port]; a scheme or path belongs in scheme / metrics_path.
        if (target.isEmpty() || target.contains("/")) {
          Node n = ((Node.Sequence) f.node("targets")).items().get(t);
          parent.ctx().error(n, f.path("targets") + "[" + t + "]",
              "\"" + target + "\" is not a valid hostname");
        }
      }
      Labels labels = labels(f, "labels");
      f.finish();
      out.add(new StaticConfig(targets, labels));
    }
    return out;
  }

  /** A label set from a mapping; names must be valid label names. */
  static Labels labels(Fields f, String key) {
    Node.Mapping m = f.mapping(key);
    if (m == null) {
      return Labels.EMPTY;
    }
    Map<String, String> values = f.stringMap(key);
    Labels.Builder b = new Labels.Builder();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!LabelNames.isValid(e.getKey())) {
        int[] at = m.keyLocations().get(e.getKey());
        f.ctx().errorAt(at[0], at[1], f.path(key) + ": \"" + e.getKey()
            + "\" is not a valid label name");
        continue;
      }
      b.set(e.getKey(), e.getValue());
    }
    return b.build();
  }

  static List<FileSdConfig> fileSdConfigs(Fields parent) {
    List<FileSdConfig> out = new ArrayList<>();
    List<Node> items = parent.items("file_sd_configs");
    for (int i = 0; i < items.size(); i++) {
      Fields f = new Fields(parent.ctx(), items.get(i), parent.path("file_sd_configs") + "[" + i
          + "]", "file_sd_config");
      List<String> files = f.strings("files");
      if (files.isEmpty()) {
        parent.ctx().error(items.get(i), f.path("files"),
            "file_sd_config must contain at least one file name");
      }
      List<String> resolved = new ArrayList<>();
      for (String file : files) {
        if (!FILE_SD_NAME.matcher(file).matches()) {
          f.error("files", "file name \"" + file + "\" is not valid for file discovery (a glob"
              + " with '*' only in the last element, ending in .json, .yml or .yaml)");
        }
        resolved.add(parent.ctx().file(file));
      }
      out.add(new FileSdConfig(resolved,
          f.duration("refresh_interval", FileSdConfig.DEFAULT_REFRESH_INTERVAL)));
      f.finish();
    }
    return out;
  }

  static List<HttpSdConfig> httpSdConfigs(Fields parent) {
    List<HttpSdConfig> out = new ArrayList<>();
    List<Node> items = parent.items("http_sd_configs");
    for (int i = 0; i < items.size(); i++) {
      Fields f = new Fields(parent.ctx(), items.get(i), parent.path("http_sd_configs") + "[" + i
          + "]", "http_sd_config");
      String url = f.string("url", "");
      if (url.isEmpty()) {
        parent.ctx().error(items.get(i), f.path("url"), "url is missing");
      } else {
        HttpConfigParser.checkUrl(f, "url", url, true);
      }
      out.add(new HttpSdConfig(url,
          f.duration("refresh_interval", HttpSdConfig.DEFAULT_REFRESH_INTERVAL),
          HttpConfigParser.parse(f, true)));
      f.finish();
    }
    return out;
  }

  static List<RelabelConfig> relabelConfigs(Fields parent, String key) {
    List<RelabelConfig> out = new ArrayList<>();
    List<Node> items = parent.items(key);
    for (int i = 0; i < items.size(); i++) {
      RelabelConfig rc = relabelConfig(new Fields(parent.ctx(), items.get(i),
          parent.path(key) + "[" + i + "]", "relabel_config"));
      if (rc != null) {
        out.add(rc);
      }
    }
    return out;
  }

  /** One relabel config, or null when it is invalid (the problems are recorded). */
  static RelabelConfig relabelConfig(Fields f) {
    int before = f.ctx().problems.size();
    RelabelConfig.Action action = RelabelConfig.Action.REPLACE;
    String act = f.string("action", null);
    if (act != null) {
      action = RelabelConfig.Action.parse(act);
      if (action == null) {
        f.error("action", act.isEmpty() ? "relabel action cannot be empty"
            : "unknown relabel action \"" + act + "\"");
        action = RelabelConfig.Action.REPLACE;
      }
    }
    RelabelRegex regex = RelabelRegex.DEFAULT_REGEX;
    String re = f.string("regex", null);
    if (re != null) {
      try {
        regex = RelabelRegex.compile(re);
      } catch (IllegalArgumentException e) {
        f.error("regex", "invalid regular expression \"" + re + "\": " + e.getMessage());
      }
    }
    RelabelConfig rc = new RelabelConfig(f.strings("source_labels"),
        f.string("separator", RelabelConfig.DEFAULT_SEPARATOR), regex, f.count("modulus", 0),
        f.string("target_label", ""), f.string("replacement", RelabelConfig.DEFAULT_REPLACEMENT),
        action);
    for (RelabelConfig.Violation v : rc.validate()) {
      f.error(v.field(), v.message());
    }
    f.finish();
    return f.ctx().problems.size() == before ? rc : null;
  }

  /** Checks rule_files-style globs: a '*' only in the last path element. */
  static List<String> globs(Fields f, String key) {
    List<String> out = new ArrayList<>();
    List<String> globs = f.strings(key);
    for (int i = 0; i < globs.size(); i++) {
      String g = globs.get(i);
      if (!GLOB_PATH.matcher(g).matches()) {
        Node n = ((Node.Sequence) f.node(key)).items().get(i);
        f.ctx().error(n, f.path(key) + "[" + i + "]", "invalid file glob \"" + g
            + "\" ('*' is only allowed in the last path element)");
      }
      out.add(f.ctx().file(g));
    }
    return out;
  }
}
