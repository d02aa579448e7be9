package dev.vigil.server.alerting.config;

import dev.vigil.server.alerting.Route;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded {@code alertmanager.yml}: immutable, validated, every name it refers to defined.
 *
 * @param global the {@code global} section
 * @param route the root of the routing tree
 * @param inhibitRules in file order
 * @param timeIntervals by name, from both {@code time_intervals} and the deprecated
 *     {@code mute_time_intervals}, in file order
 * @param receivers by name, in file order
 * @param templateFiles the files the {@code templates} globs matched, absolute, in order
 * @param source the file name used in messages
 * @param yaml the file's text as loaded, for {@code /api/v2/status}
 */
public record AmConfig(AmGlobal global, Route route, List<InhibitRule> inhibitRules,
    Map<String, TimeInterval> timeIntervals, Map<String, Receiver> receivers,
    List<String> templateFiles, String source, String yaml) {

  public AmConfig {
    inhibitRules = List.copyOf(inhibitRules);
    timeIntervals = Collections.unmodifiableMap(new LinkedHashMap<>(timeIntervals));
    receivers = Collections.unmodifiableMap(new LinkedHashMap<>(receivers));
    templateFiles = List.copyOf(templateFiles);
  }
}
