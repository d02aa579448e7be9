package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;
import java.time.Duration;
import java.util.List;

/**
 * A rule group as written in a rule file. Immutable.
 *
 * @param file the file it was read from (as given, used as part of the group's identity)
 * @param interval null when unset (the global evaluation_interval applies)
 * @param limit 0 for no limit
 * @param queryOffset null when unset (the global rule_query_offset applies)
 * @param labels added to every rule's output; a rule's own labels win
 */
public record GroupDefinition(String file, String name, Duration interval, int limit,
    Duration queryOffset, Labels labels, List<RuleDefinition> rules) {
  public GroupDefinition {
    rules = List.copyOf(rules);
  }

  /** {@code file;name}: the identity of a group across reloads and the rule_group label. */
  public String key() {
    return file + ";" + name;
  }
}
