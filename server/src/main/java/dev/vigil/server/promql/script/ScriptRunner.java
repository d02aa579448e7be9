package dev.vigil.server.promql.script;

import dev.vigil.server.promql.engine.Engine;
import dev.vigil.server.promql.engine.QueryEngine;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.tsdb.Head;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs parsed scripts: each {@code clear} starts a fresh in-memory {@link Head}, {@code load}
 * appends to it (point i at i*interval ms after the epoch; {@code stale} as the staleness
 * marker), and each {@code eval} runs on an engine the factory builds over the head. Prints a
 * report for every failure and a per-file {@code N passed, M failed} line. Not thread-safe.
 */
public final class ScriptRunner {
  private final Function<Queryable, QueryEngine> engines;
  private final PrintWriter out;
  private final boolean rangeMode;

  /**
   * @param engines builds an engine over a script's storage; called again after each clear
   * @param out where reports go
   */
  public ScriptRunner(Function<Queryable, QueryEngine> engines, PrintWriter out) {
    this(engines, out, true);
  }

  /**
   * @param rangeMode also run instant queries as range queries and compare the middle step, as
   *     Prometheus's framework does; off only to see an engine's instant results alone
   */
  public ScriptRunner(Function<Queryable, QueryEngine> engines, PrintWriter out,
      boolean rangeMode) {
    this.engines = engines;
    this.out = out;
    this.rangeMode = rangeMode;
  }

  /**
   * The engine {@code vigil test promql} uses, or null while this build has none. The evaluator
   * plugs in here: one line building it over the queryable. The conformance scripts assume
   * Prometheus's test settings: a 5m lookback delta, the {@code @} modifier and negative offsets
   * enabled.
   */
  public static Function<Queryable, QueryEngine> defaultEngineFactory() {
    return Engine::new;
  }

  public FileResult run(Script script) {
    List<String> failures = new ArrayList<>();
    int passed = 0;
    int failed = 0;
    int errors = 0;
    Head head = new Head();
    QueryEngine engine = null;
    for (Command c : script.commands()) {
      String where = script.name() + ":" + c.line() + ": ";
      if (c instanceof Command.Clear) {
        head = new Head();
        engine = null;
      } else if (c instanceof Command.Load load) {
        String why = load(head, load);
        if (why != null) {
          errors++;
          failures.add(report(where + "load " + ResultText.time(load.intervalMs()) + "\n  "
              + why + "\n"));
        }
      } else if (c instanceof Command.Eval eval) {
        if (engine == null) {
          engine = engines.apply(head);
        }
        String why = new EvalCheck(engine, eval, rangeMode).run();
        if (why == null) {
          passed++;
        } else {
          failed++;
          failures.add(report(where + eval.source() + "\n  " + why));
        }
      }
    }
    out.println(script.name() + ": " + passed + " passed, " + failed + " failed"
        + (errors > 0 ? ", " + errors + " load errors" : ""));
    out.flush();
    return new FileResult(script.name(), passed, failed, errors, failures);
  }

  /** A file that did not parse: reported, counted as one error, nothing run. */
  public FileResult syntaxError(ScriptSyntaxException e, String file) {
    String text = report(e.getMessage() + "\n");
    out.println(file + ": not run");
    out.flush();
    return new FileResult(file, 0, 0, 1, List.of(text));
  }

  private String report(String text) {
    out.print(text);
    out.println();
    return text;
  }

  /** Appends a load block in one batch; why it could not store everything, or null. */
  private static String load(Head head, Command.Load load) {
    Appender app = head.appender();
    for (SeriesLine s : load.series()) {
      long ref = 0;
      Points p = s.points();
      for (int i = 0; i < p.size(); i++) {
        long t = i * load.intervalMs();
        if (p.kind(i) == Points.VALUE) {
          ref = app.append(ref, s.labels(), t, p.value(i));
        } else if (p.kind(i) == Points.HISTOGRAM) {
          ref = app.appendHistogram(ref, s.labels(), t, p.histogram(i));
        }
      }
    }
    if (load.withNhcb()) {
      ClassicToNhcb.append(load, app);
    }
    int rejected = app.rejected();
    app.commit();
    if (rejected > 0) {
      return rejected + " samples were rejected by the storage (out of order or duplicate)";
    }
    return null;
  }
}
