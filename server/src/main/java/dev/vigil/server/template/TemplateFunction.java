package dev.vigil.server.template;

import java.util.List;

/**
 * A function callable from a template, like an entry of Go's {@code template.FuncMap}.
 *
 * <p>Arguments arrive as evaluated Java values (String, Long for integer literals, Double for
 * float literals, Boolean, null for nil, List, Map, Labels, TemplateObject). In a pipeline the
 * previous value is the last argument. Implementations must be thread-safe: one template may be
 * executed by many threads at once. Throw {@link TemplateException} with a plain message (the
 * engine adds the {@code error calling name:} prefix and the position); any other exception is
 * wrapped the same way.
 */
@FunctionalInterface
public interface TemplateFunction {
  Object apply(List<Object> args) throws TemplateException;
}
