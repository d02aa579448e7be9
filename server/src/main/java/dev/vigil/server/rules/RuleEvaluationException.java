package dev.vigil.server.rules;

/** A rule evaluation that failed as a whole; the message becomes the rule's lastError. */
public final class RuleEvaluationException extends Exception {
  public RuleEvaluationException(String message) {
    super(message, null, false, false);
  }
}
