package dev.vigil.server.promql.script;

import java.util.List;

/**
 * The {@code expect} lines of an eval (and what the older {@code eval_fail}, {@code eval_warn},
 * {@code eval_info}, {@code eval_ordered} forms mean in their terms). Without any, an eval only
 * requires the query to succeed; annotations are then not checked.
 *
 * @param fails matchers for the error when the query must fail; empty when it must succeed
 * @param warns matchers for warnings; non-empty means warnings are required, and each warning
 *     must match one of them
 * @param infos the same for info annotations
 * @param string the expected string result ({@code expect string}), or null
 * @param rangeVector the grid of an instant query's expected range vector, or null
 */
record Expectations(boolean ordered, boolean noWarn, boolean noInfo, List<MessageMatch> fails,
    List<MessageMatch> warns, List<MessageMatch> infos, String string, Grid rangeVector) {
  Expectations {
    fails = List.copyOf(fails);
    warns = List.copyOf(warns);
    infos = List.copyOf(infos);
  }

  boolean fail() {
    return !fails.isEmpty();
  }

  /** Timestamps {@code start, start+step, ... <= end} (ms). */
  record Grid(long startMs, long endMs, long stepMs) {}
}
