package dev.vigil.server.scrape.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.server.model.Labels;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the two scrape body parsers with arbitrary bytes. A scrape body comes from a target we
 * do not control, so the only thing allowed out of a parser is its {@link ParseException}; any
 * other throwable (an index out of bounds, a stack overflow, an out-of-memory) and any input that
 * takes longer than the timeout is a finding. Every accessor of each entry is called, as the
 * scrape loop and the metadata store do, so lazily decoded parts (label escapes, exemplars, help
 * text) are exercised too.
 *
 * <p>Without {@code JAZZER_FUZZ} the seeds under {@code ExpositionFuzzTestInputs/} run as
 * ordinary tests; see docs/fuzzing.md for the fuzzing runs.
 */
@Timeout(30)
class ExpositionFuzzTest {
  /** Bodies larger than this only make each run slower; the parsers are not size dependent. */
  private static final int MAX_INPUT = 64 * 1024;

  @FuzzTest(maxDuration = "10s")
  void text(byte[] body) {
    if (body.length <= MAX_INPUT) {
      drain(new TextParser(body, body.length, new StringCache(64)));
    }
  }

  @FuzzTest(maxDuration = "10s")
  void openMetrics(byte[] body) {
    if (body.length <= MAX_INPUT) {
      drain(new OpenMetricsParser(body, body.length, new StringCache(64)));
    }
  }

  private static void drain(ExpositionParser p) {
    Labels.Builder labels = new Labels.Builder();
    try {
      ExpositionParser.Entry e;
      while ((e = p.next()) != null) {
        p.lineNumber();
        switch (e) {
          case SERIES -> {
            p.metricName();
            p.labels(labels);
            labels.build();
            check(p.seriesStart() >= 0 && p.seriesStart() <= p.seriesEnd()
                && p.seriesEnd() <= p.buffer().length, "series offsets out of the buffer");
            p.value();
            if (p.hasTimestamp()) {
              p.timestampMillis();
            }
            if (p.hasExemplar()) {
              p.exemplarLabels(labels);
              labels.build();
              p.exemplarValue();
              if (p.exemplarHasTimestamp()) {
                p.exemplarTimestampMillis();
              }
            }
          }
          case TYPE -> {
            p.metadataName();
            p.type();
          }
          case HELP -> {
            p.metadataName();
            p.help();
            p.textEquals(p.rawText());
          }
          case UNIT -> {
            p.metadataName();
            p.unit();
            p.rawText();
          }
          case COMMENT -> p.comment();
        }
      }
    } catch (ParseException expected) {
      // The documented outcome for a malformed body.
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}
