package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;

/**
 * Restores how long alerts have been active after a restart, from the {@code ALERTS_FOR_STATE}
 * series written before it (value: activeAt in Unix seconds), so an alert with a long
 * {@code for} does not start waiting again. Done once, right after a group's first evaluation
 * at startup, following Prometheus's rules:
 *
 * <ul>
 *   <li>only rules whose {@code for} is at least the grace period are restored;</li>
 *   <li>only series with a sample within the outage tolerance before now count;</li>
 *   <li>an alert that had already waited its {@code for} keeps its activeAt (it fires now);</li>
 *   <li>otherwise the outage does not count as waiting time (activeAt moves forward by it), but
 *       the alert gets at least the grace period before it fires.</li>
 * </ul>
 */
final class ForStateRestorer {
  private ForStateRestorer() {}

  static void restore(RuleGroup group, Queryable storage, long ts, RuleOptions options) {
    long grace = options.forGracePeriod().toMillis();
    long mint = ts - options.outageTolerance().toMillis();
    for (Rule r : group.rules()) {
      if (!(r instanceof AlertingRule ar)) {
        continue;
      }
      long hold = ar.holdMillis();
      if (hold < grace) {
        ar.setRestored(true);
        continue;
      }
      try (Querier q = storage.querier(mint, ts)) {
        ar.forEachActive(a -> {
          long[] last = latest(q, a.labels);
          if (last == null) {
            return;
          }
          long downAt = last[0];
          long activeAt = last[1] * 1000;
          long remaining = hold - (downAt - activeAt);
          if (remaining <= 0) {
            // It had already fired before the outage: keep the original activeAt.
          } else if (remaining < grace) {
            activeAt = ts + grace - hold;
          } else {
            activeAt += ts - downAt;
          }
          a.activeAt = activeAt;
        });
      } catch (RuntimeException e) {
        // The rule still works; the alert just waits its full `for` again.
        org.slf4j.LoggerFactory.getLogger(ForStateRestorer.class)
            .warn("restoring the for state of alert {} failed", ar.name(), e);
      }
      ar.setRestored(true);
    }
  }

  /** {time ms, value} of the latest non-stale ALERTS_FOR_STATE sample of the alert, or null. */
  private static long[] latest(Querier q, Labels alertLabels) {
    Labels want = alertLabels.toBuilder().set(Labels.METRIC_NAME, AlertingRule.ALERTS_FOR_STATE)
        .build();
    Matcher[] ms = new Matcher[want.size()];
    for (int i = 0; i < want.size(); i++) {
      ms[i] = Matcher.equal(want.name(i), want.value(i));
    }
    SeriesSet set = q.select(false, ms);
    long[] best = null;
    while (set.next()) {
      if (!set.labels().equals(want)) {
        continue; // a series with extra labels matches the equality matchers too
      }
      SampleIterator it = set.iterator();
      while (it.next()) {
        if (!StaleNaN.is(it.atV()) && (best == null || it.atT() >= best[0])) {
          best = new long[] {it.atT(), (long) it.atV()};
        }
      }
    }
    return best;
  }
}
