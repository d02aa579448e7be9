package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.value.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A recording rule: the query's result, renamed and relabelled, stored as new series. */
public final class RecordingRule extends Rule {
  RecordingRule(RuleDefinition definition, Labels labels) {
    super(definition, labels);
  }

  @Override
  List<Sample> eval(long ts, EvalContext ctx) throws RuleEvaluationException {
    List<Sample> result;
    try {
      result = ctx.query().query(query(), ctx.queryTime());
    } catch (Exception e) {
      throw new RuleEvaluationException(message(e));
    }
    List<Sample> out = new ArrayList<>(result.size());
    Set<Labels> seen = new HashSet<>();
    for (Sample s : result) {
      Labels.Builder b = s.labels().toBuilder();
      b.set(Labels.METRIC_NAME, name());
      Labels l = labels();
      for (int i = 0; i < l.size(); i++) {
        b.set(l.name(i), l.value(i));
      }
      Labels built = b.build();
      if (!seen.add(built)) {
        throw new RuleEvaluationException(
            "vector contains metrics with the same labelset after applying rule labels");
      }
      out.add(new Sample(built, ctx.queryTime(), s.v(), s.h()));
    }
    if (ctx.limit() > 0 && out.size() > ctx.limit()) {
      throw new RuleEvaluationException("exceeded limit of " + ctx.limit() + " with "
          + out.size() + " series");
    }
    return out;
  }

  static String message(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
