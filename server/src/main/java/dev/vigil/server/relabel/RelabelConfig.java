package dev.vigil.server.relabel;

import dev.vigil.server.model.LabelNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One relabelling step, as written in {@code relabel_configs}, {@code metric_relabel_configs},
 * {@code alert_relabel_configs} and {@code write_relabel_configs}. Immutable.
 *
 * @param sourceLabels label names whose values are joined with {@code separator}; never null
 * @param modulus for {@code hashmod}: an unsigned 64-bit number (0 = unset)
 * @param targetLabel empty when unset
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    RelabelRegex regex,
    long modulus,
    String targetLabel,
    String replacement,
    Action action) {

  public static final String DEFAULT_SEPARATOR = ";";
  public static final String DEFAULT_REPLACEMENT = "$1";

  /** The relabel actions of the spec; parsed case-insensitively, as Prometheus does. */
  public enum Action {
    REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP,
    LOWERCASE, UPPERCASE;

    /** The action for a YAML value, or null when unknown. */
    public static Action parse(String s) {
      for (Action a : values()) {
        if (a.text().equals(s.toLowerCase(Locale.ROOT))) {
          return a;
        }
      }
      return null;
    }

    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A problem with one field of a relabel config; {@code field} is the YAML key. */
  public record Violation(String field, String message) {}

  public RelabelConfig {
    sourceLabels = List.copyOf(sourceLabels);
  }

  /** A config with every default applied except the given action. */
  public static RelabelConfig defaults(Action action) {
    return new RelabelConfig(List.of(), DEFAULT_SEPARATOR, RelabelRegex.DEFAULT_REGEX, 0, "",
        DEFAULT_REPLACEMENT, action);
  }

  /**
   * Checks the combination of fields the way Prometheus does before it accepts a config: a step
   * that could never do what its author meant is rejected at load time, not silently at runtime.
   */
  public List<Violation> validate() {
    List<Violation> out = new ArrayList<>();
    String act = action.text();
    for (String l : sourceLabels) {
      if (!LabelNames.isValid(l)) {
        out.add(new Violation("source_labels", "\"" + l + "\" is not a valid label name"));
      }
    }
    switch (action) {
      case HASHMOD -> {
        if (modulus == 0) {
          out.add(new Violation("modulus", "hashmod action requires a non-zero modulus"));
        }
        requireTarget(out, act, false);
      }
      case REPLACE -> requireTarget(out, act, true);
      case LOWERCASE, UPPERCASE -> {
        requireTarget(out, act, false);
        if (!replacement.equals(DEFAULT_REPLACEMENT)) {
          out.add(new Violation("replacement", "'replacement' can not be set for " + act
              + " action"));
        }
      }
      case KEEPEQUAL, DROPEQUAL -> {
        requireTarget(out, act, false);
        if (!regex.equals(RelabelRegex.DEFAULT_REGEX) || modulus != 0
            || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT)) {
          out.add(new Violation("action", act
              + " action requires only 'source_labels' and 'target_label', and no other fields"));
        }
      }
      case LABELDROP, LABELKEEP -> {
        if (!sourceLabels.isEmpty() || !targetLabel.isEmpty() || modulus != 0
            || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT)) {
          out.add(new Violation("action", act
              + " action requires only 'regex', and no other fields"));
        }
      }
      case LABELMAP -> {
        if (!LabelNames.isValidTemplate(replacement)) {
          out.add(new Violation("replacement", "\"" + replacement
              + "\" is invalid 'replacement' for labelmap action"));
        }
      }
      case KEEP, DROP -> { }
    }
    return out;
  }

  private void requireTarget(List<Violation> out, String act, boolean templateAllowed) {
    if (targetLabel.isEmpty()) {
      out.add(new Violation("target_label", act + " action requires 'target_label' value"));
      return;
    }
    // A replace target may contain $1 / ${name}, which only becomes a name after expansion.
    boolean ok = templateAllowed && targetLabel.contains("$")
        ? LabelNames.isValidTemplate(targetLabel)
        : LabelNames.isValid(targetLabel);
    if (!ok) {
      out.add(new Violation("target_label", "\"" + targetLabel + "\" is invalid 'target_label' for "
          + act + " action"));
    }
  }
}
