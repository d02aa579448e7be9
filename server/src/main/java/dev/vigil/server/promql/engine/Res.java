package dev.vigil.server.promql.engine;

import dev.vigil.server.promql.value.Series;
import java.util.List;

/** What an expression evaluates to over the steps of its frame. */
sealed interface Res {
  /** An instant vector at every step. */
  record Vector(List<StepSeries> series) implements Res {}

  /** A scalar: one value per step. */
  record Scalar(double[] values) implements Res {}

  record Str(String value) implements Res {}

  /** A range vector, only as the result of an instant query. */
  record Range(List<Series> series) implements Res {}
}
