package dev.vigil.server.storage;

import dev.vigil.server.model.Exemplar;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.util.List;

/** Where exemplars are read ({@code /api/v1/query_exemplars}). Thread-safe. */
@FunctionalInterface
public interface ExemplarQueryable {
  /** The exemplars of one series, oldest first. */
  record SeriesExemplars(Labels seriesLabels, List<Exemplar> exemplars) {}

  /**
   * Exemplars with {@code mint <= t <= maxt} of every series matching all matchers of at least
   * one of {@code selectors}; series sorted by labels, those without such exemplars left out.
   */
  List<SeriesExemplars> selectExemplars(long mint, long maxt, List<Matcher[]> selectors);
}
