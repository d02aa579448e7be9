package dev.vigil.server.template;

/**
 * A template failed to parse or to execute. The message follows Go's text/template wording, e.g.
 * {@code template: name:1:12: executing "name" at <.foo>: ...} for execution errors and
 * {@code template: name:1: unexpected "}" in operand} for parse errors, so users searching for
 * Prometheus or Alertmanager error texts find the same explanations.
 */
public final class TemplateException extends Exception {
  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
