package dev.vigil.server.template;

import dev.vigil.server.template.Parser.Tree;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed set of Go text/template templates: the root template plus every {@code define} and
 * {@code block}. Immutable after parsing, so one instance may be executed by many threads at
 * once; {@link #with} and {@link #missingKeyZero} return modified copies.
 *
 * <p>Execution is bounded: {@value Exec#MAX_DEPTH} nested {@code template} calls, 1 MiB of
 * output, and a cap on walked nodes, each reported as a {@link TemplateException}.
 */
public final class GoTemplate {
  private final String name;
  private final Map<String, Tree> trees;
  private final FuncMap funcs;
  private final boolean missingZero;

  private GoTemplate(String name, Map<String, Tree> trees, FuncMap funcs, boolean missingZero) {
    this.name = name;
    this.trees = trees;
    this.funcs = funcs;
    this.missingZero = missingZero;
  }

  /**
   * Parses {@code text} as template {@code name}. Go's builtins are always available;
   * {@code funcs} adds to (and may override) them.
   *
   * @throws TemplateException with Go's parse error text, e.g. {@code template: name:1: ...}
   */
  public static GoTemplate parse(String name, String text, FuncMap funcs)
      throws TemplateException {
    FuncMap all = funcs == null ? FuncMap.builtins() : FuncMap.builtins().withAll(funcs);
    Map<String, Tree> parsed = Parser.parse(name, text, all);
    return new GoTemplate(name, Map.copyOf(parsed), all, false);
  }

  /**
   * A copy with more definitions: the {@code define}s of {@code text}, and its top-level text as
   * template {@code name}. Later definitions win, except that an empty body never replaces an
   * existing template (as in Go).
   */
  public GoTemplate with(String name, String text) throws TemplateException {
    Map<String, Tree> parsed = Parser.parse(name, text, funcs);
    Map<String, Tree> merged = new HashMap<>(trees);
    for (Map.Entry<String, Tree> e : parsed.entrySet()) {
      Tree old = merged.get(e.getKey());
      if (old == null || !e.getValue().isEmpty()) {
        merged.put(e.getKey(), e.getValue());
      }
    }
    return new GoTemplate(this.name, Map.copyOf(merged), funcs, missingZero);
  }

  /** Whether a template of this name is defined. */
  public boolean has(String name) {
    return trees.containsKey(name);
  }

  /** Executes the root template (the name given to {@link #parse}). */
  public String execute(Object data) throws TemplateException {
    return execute(name, data);
  }

  /** Executes the named template with {@code data} as dot and {@code $}. */
  public String execute(String name, Object data) throws TemplateException {
    Tree t = trees.get(name);
    if (t == null) {
      throw new TemplateException("template: no template \"" + name
          + "\" associated with template \"" + this.name + "\"");
    }
    return new Exec(trees, funcs, missingZero).run(t, data);
  }

  /**
   * A copy whose missing map keys yield the zero value (an empty string) instead of
   * {@code <no value>}, like Go's {@code Option("missingkey=zero")} that Prometheus uses.
   */
  public GoTemplate missingKeyZero(boolean zero) {
    return new GoTemplate(name, trees, funcs, zero);
  }
}
