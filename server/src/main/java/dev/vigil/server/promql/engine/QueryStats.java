package dev.vigil.server.promql.engine;

/**
 * What {@code ?stats=all} reports: time spent per phase (seconds) and samples loaded.
 *
 * @param totalQueryableSamples samples read from storage over the whole query
 * @param peakSamples the most samples held in memory at once
 */
public record QueryStats(
    double evalTotalTime,
    double queryPreparationTime,
    double innerEvalTime,
    double execQueueTime,
    double execTotalTime,
    long totalQueryableSamples,
    long peakSamples) {
  public static final QueryStats EMPTY = new QueryStats(0, 0, 0, 0, 0, 0, 0);
}
