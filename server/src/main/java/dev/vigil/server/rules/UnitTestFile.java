package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.script.Points;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A parsed rule unit-test file ({@code promtool test rules} format). Immutable.
 *
 * @param dir the test file's directory, which rule_files are relative to
 * @param groupEvalOrder group names evaluated first, in this order
 */
record UnitTestFile(String source, Path dir, List<String> ruleFiles, Duration evaluationInterval,
    boolean fuzzyCompare, List<String> groupEvalOrder, List<TestGroup> tests) {

  /**
   * One test group: its own storage with the input series, then its checks.
   *
   * @param name empty when unnamed
   * @param interval the step between input samples
   * @param startMillis the time of the first input sample; eval times count from it
   */
  record TestGroup(String name, Duration interval, List<InputSeries> inputSeries,
      long startMillis, List<AlertTest> alertTests, List<PromqlTest> promqlTests,
      Labels externalLabels, String externalUrl) {}

  record InputSeries(Labels labels, Points points) {}

  record AlertTest(Duration evalTime, String alertname, List<ExpAlert> expAlerts) {}

  record ExpAlert(Labels labels, Labels annotations) {}

  record PromqlTest(String expr, Duration evalTime, List<ExpSample> expSamples) {}

  /** @param labels null when the labels did not parse; {@code error} says why */
  record ExpSample(Labels labels, double value, String text, String error) {}
}
