package dev.vigil.server.rules;

/**
 * Makes the {@link TemplateExpander} for a server or a unit-test group: templates may query
 * (the {@code query} function) and know the external URL.
 */
@FunctionalInterface
public interface TemplateFactory {
  TemplateExpander create(QueryFunction query, String externalUrl);

  /** Prometheus's template language and functions: what the server and the tools use. */
  TemplateFactory PROMETHEUS = PrometheusTemplateExpander::new;

  /** Texts are left as written (for tests of rule logic that must not depend on templates). */
  TemplateFactory VERBATIM = (query, url) -> TemplateExpander.VERBATIM;
}
