package dev.vigil.server.template;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * An immutable name → function table, like Go's {@code template.FuncMap}. Templates resolve
 * function names at parse time, so an unknown name is a parse error ({@code function "x" not
 * defined}).
 */
public final class FuncMap {
  private static final FuncMap BUILTINS = new FuncMap(Builtins.table());

  private final Map<String, TemplateFunction> funcs;

  private FuncMap(Map<String, TemplateFunction> funcs) {
    this.funcs = Collections.unmodifiableMap(funcs);
  }

  /** Go's predefined functions: and, or, not, len, index, slice, print(f/ln), eq…ge, html, js, urlquery, call. */
  public static FuncMap builtins() {
    return BUILTINS;
  }

  /** A copy with {@code name} bound to {@code f}; replaces an existing binding. */
  public FuncMap with(String name, TemplateFunction f) {
    Map<String, TemplateFunction> m = new HashMap<>(funcs);
    m.put(name, f);
    return new FuncMap(m);
  }

  /** A copy with every binding of {@code other} added; {@code other} wins on clashes. */
  public FuncMap withAll(FuncMap other) {
    Map<String, TemplateFunction> m = new HashMap<>(funcs);
    m.putAll(other.funcs);
    return new FuncMap(m);
  }

  /** The function, or null. */
  TemplateFunction get(String name) {
    return funcs.get(name);
  }

  boolean has(String name) {
    return funcs.containsKey(name);
  }
}
