package dev.vigil.server.promql.engine;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.promql.parser.At;
import dev.vigil.server.promql.parser.Call;
import dev.vigil.server.promql.parser.PosRange;
import dev.vigil.server.promql.parser.VectorSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code info(v [, selector])}, best effort: adds the data labels of the info series
 * ({@code target_info} by default) that share the {@code instance} and {@code job} labels with a
 * series of {@code v}. Labels the series already has win.
 */
final class Info {
  private static final List<String> IDENTIFYING = List.of("instance", "job");

  private final Evaluator ev;
  private final EvalContext ctx;

  Info(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  List<StepSeries> eval(Call c) {
    List<StepSeries> in = ev.vector(c.args().get(0));
    List<Matcher> nameMatchers = new ArrayList<>();
    List<Matcher> dataMatchers = new ArrayList<>();
    if (c.args().size() > 1 && Evaluator.unwrap(c.args().get(1)) instanceof VectorSelector vs) {
      for (Matcher m : vs.matchers()) {
        (m.name().equals(Labels.METRIC_NAME) ? nameMatchers : dataMatchers).add(m);
      }
    }
    if (nameMatchers.isEmpty()) {
      nameMatchers.add(Matcher.equal(Labels.METRIC_NAME, "target_info"));
    }
    List<Matcher> all = new ArrayList<>(nameMatchers);
    all.addAll(dataMatchers);
    // A series without enrichment is dropped when a data matcher needs a label to be there.
    boolean required = dataMatchers.stream().anyMatch(m -> !m.matches(""));
    List<StepSeries> infos = Selectors.vector(
        new VectorSelector(null, all, null, At.NONE, false, false, PosRange.NONE), ctx, false);
    SeriesCollector out = new SeriesCollector(ctx);
    StepCursor cur = new StepCursor(in);
    StepCursor infoCur = new StepCursor(infos);
    Map<Labels, Labels> byId = new HashMap<>();
    for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
      Vec iv = infoCur.at(t);
      byId.clear();
      for (int i = 0; i < iv.size; i++) {
        byId.put(BinaryOps.signature(iv.labels[i], true, IDENTIFYING), iv.labels[i]);
      }
      Vec v = cur.at(t);
      for (int i = 0; i < v.size; i++) {
        Labels l = v.labels[i];
        Labels info = l.get("instance") == null && l.get("job") == null ? null
            : byId.get(BinaryOps.signature(l, true, IDENTIFYING));
        if (info == null) {
          if (!required) {
            out.add(l, t, v.vs[i], v.h(i));
          }
          continue;
        }
        Labels.Builder b = l.toBuilder();
        for (int k = 0; k < info.size(); k++) {
          String n = info.name(k);
          if (n.equals(Labels.METRIC_NAME) || IDENTIFYING.contains(n) || b.get(n) != null) {
            continue;
          }
          if (dataMatchers.isEmpty() || dataMatchers.stream().anyMatch(m -> m.name().equals(n))) {
            b.set(n, info.value(k));
          }
        }
        out.add(b.build(), t, v.vs[i], v.h(i));
      }
    }
    ev.release(in);
    ev.release(infos);
    return out.result();
  }
}
