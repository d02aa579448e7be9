package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;

/**
 * Expands the label and annotation templates of alerting rules. The template data are
 * {@code $labels}, {@code $externalLabels}, {@code $externalURL} and {@code $value}; the external
 * URL (and the query function templates may call) are given when the implementation is made.
 * Implementations must be thread-safe: groups evaluate concurrently.
 */
public interface TemplateExpander {
  /**
   * Expands {@code text}.
   *
   * @param name a name for messages, such as {@code __alert_HighLatency}
   * @throws Exception with a message fit for the rule's lastError when the template fails
   */
  String expand(String name, String text, Labels labels, Labels externalLabels, double value,
      long evalTimeMillis) throws Exception;

  /** Checks that {@code text} parses; throws with a message saying what is wrong. */
  void check(String name, String text) throws Exception;

  /** Leaves every text as written: for when no template engine is available. */
  TemplateExpander VERBATIM = new TemplateExpander() {
    @Override
    public String expand(String name, String text, Labels labels, Labels externalLabels,
        double value, long evalTimeMillis) {
      return text;
    }

    @Override
    public void check(String name, String text) {}
  };
}
