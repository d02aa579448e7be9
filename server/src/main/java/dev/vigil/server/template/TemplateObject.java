package dev.vigil.server.template;

import java.util.List;

/**
 * Data that exposes Go-style fields and methods to templates: {@code .Labels},
 * {@code .Alerts.Firing}, {@code .CommonLabels.Remove .GroupLabels.Names}.
 *
 * <p>The engine calls {@link #field} for each {@code .Name} in a chain. Only the last element of
 * a chain receives the command's arguments (as in Go, where only the final method call may take
 * arguments); others receive an empty list. Implementations must be immutable or thread-safe.
 * {@link Object#toString()} is what {@code {{ . }}} prints.
 */
public interface TemplateObject {
  /** Returned by {@link #field} when there is no field or method of that name. */
  Object MISSING = new Object() {
    @Override
    public String toString() {
      return "MISSING";
    }
  };

  /**
   * @param name field or method name, without the dot
   * @param args arguments for a method; empty for fields and argument-less methods
   * @return the value (may be null for Go's nil), or {@link #MISSING} when no such field/method
   * @throws TemplateException when a method fails or gets wrong arguments
   */
  Object field(String name, List<Object> args) throws TemplateException;

  /** Go type name for error messages and printf's {@code %!verb(type=value)} forms. */
  default String typeName() {
    return "*" + getClass().getSimpleName();
  }
}
