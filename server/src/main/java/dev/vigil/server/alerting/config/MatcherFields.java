package dev.vigil.server.alerting.config;

import dev.vigil.server.alerting.Matchers;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.model.LabelNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads matcher lists and the legacy match / match_re maps, reporting problems at their line. */
final class MatcherFields {
  private MatcherFields() {}

  /**
   * The matchers of {@code listKey} (strings in Alertmanager's matcher syntax, each possibly
   * several matchers), plus the legacy {@code eqKey} and {@code reKey} maps when given.
   */
  static List<Matcher> read(Fields f, String eqKey, String reKey, String listKey) {
    List<Matcher> out = new ArrayList<>();
    if (eqKey != null) {
      legacy(f, eqKey, Matcher.Type.EQUAL, out);
    }
    if (reKey != null) {
      legacy(f, reKey, Matcher.Type.REGEX, out);
    }
    List<String> lines = f.strings(listKey);
    for (int i = 0; i < lines.size(); i++) {
      try {
        out.addAll(Matchers.parse(lines.get(i)));
      } catch (IllegalArgumentException e) {
        Node at = ((Node.Sequence) f.node(listKey)).items().get(i);
        f.ctx().error(at, f.path(listKey) + "[" + i + "]", e.getMessage());
      }
    }
    return Matchers.sorted(out);
  }

  private static void legacy(Fields f, String key, Matcher.Type type, List<Matcher> out) {
    Node.Mapping m = f.mapping(key);
    if (m == null) {
      return;
    }
    for (Map.Entry<String, String> e : f.stringMap(key).entrySet()) {
      int[] at = m.keyLocations().get(e.getKey());
      String path = f.path(key) + "." + e.getKey();
      if (!LabelNames.isValid(e.getKey())) {
        f.ctx().errorAt(at[0], at[1], path + ": invalid label name \"" + e.getKey() + "\"");
        continue;
      }
      try {
        out.add(Matcher.of(type, e.getKey(), e.getValue()));
      } catch (IllegalArgumentException ex) {
        f.ctx().errorAt(at[0], at[1], path + ": " + ex.getMessage());
      }
    }
  }

  /** A list of label names (for {@code equal}); invalid names are reported. */
  static List<String> labelNames(Fields f, String key) {
    List<String> names = f.strings(key);
    for (int i = 0; i < names.size(); i++) {
      if (!LabelNames.isValid(names.get(i))) {
        Node at = ((Node.Sequence) f.node(key)).items().get(i);
        f.ctx().error(at, f.path(key) + "[" + i + "]", "invalid label name \""
            + names.get(i) + "\"");
      }
    }
    return names;
  }
}
