package dev.vigil.server.rules;

/**
 * Makes the {@link TemplateExpander} for a server or a unit-test group: templates may query
 * (the {@code query} function) and know the external URL.
 */
@FunctionalInterface
public interface TemplateFactory {
  TemplateExpander create(QueryFunction query, String externalUrl);

  /** Texts are left as written. */
  TemplateFactory VERBATIM = (query, url) -> TemplateExpander.VERBATIM;
}
