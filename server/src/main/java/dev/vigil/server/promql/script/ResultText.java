package dev.vigil.server.promql.script;

import dev.vigil.server.config.Durations;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.promql.value.Scalar;
import dev.vigil.server.promql.value.Series;
import dev.vigil.server.promql.value.StringValue;
import dev.vigil.server.promql.value.Value;
import java.time.Duration;
import java.util.List;

/**
 * Renders expected and actual results in the script's own notation, so a failure report can be
 * read side by side with the script: {@code {a="b"} 1 2 _ 4}, with points off the expected time
 * grid as {@code value@time}.
 */
final class ResultText {
  /** Long results are cut; the first lines are enough to see what went wrong. */
  private static final int MAX_LINES = 25;
  private static final int MAX_POINTS = 60;

  private ResultText() {}

  static String expected(Command.Eval e) {
    StringBuilder b = new StringBuilder();
    if (e.expect().string() != null) {
      line(b, 0, "string \"" + e.expect().string() + "\"");
    } else if (e.scalar() != null) {
      line(b, 0, "scalar " + Numbers.format(e.scalar()));
    } else if (e.series().isEmpty()) {
      line(b, 0, "(empty result)");
    }
    int i = 0;
    for (SeriesLine s : e.series()) {
      if (!line(b, i++, s.labels() + " " + cut(s.points().toString()))) {
        break;
      }
    }
    return b.toString();
  }

  /** {@code grid} places a matrix's points; null prints each point with its time. */
  static String actual(Value v, Expectations.Grid grid) {
    StringBuilder b = new StringBuilder();
    if (v instanceof Scalar s) {
      line(b, 0, "scalar " + Numbers.format(s.v()));
    } else if (v instanceof StringValue s) {
      line(b, 0, "string \"" + s.v() + "\"");
    } else if (v instanceof InstantVector vec) {
      if (vec.samples().isEmpty()) {
        line(b, 0, "(empty vector)");
      }
      int i = 0;
      for (Sample s : vec.samples()) {
        if (!line(b, i++, s.labels() + " " + (s.h() != null ? s.h().toString() : Numbers.format(s.v())))) {
          break;
        }
      }
    } else if (v instanceof Matrix m) {
      if (m.series().isEmpty()) {
        line(b, 0, "(empty matrix)");
      }
      int i = 0;
      for (Series s : m.series()) {
        if (!line(b, i++, s.labels() + " " + cut(points(s, grid)))) {
          break;
        }
      }
    }
    return b.toString();
  }

  /** The points of {@code s} on {@code grid}: {@code _} where a step has none. */
  static String points(Series s, Expectations.Grid grid) {
    StringBuilder b = new StringBuilder();
    int j = 0;
    if (grid != null) {
      for (long t = grid.startMs(); t <= grid.endMs(); t += grid.stepMs()) {
        while (j < s.size() && s.ts()[j] < t) {
          sep(b).append(value(s, j)).append('@').append(time(s.ts()[j]));
          j++;
        }
        if (j < s.size() && s.ts()[j] == t) {
          sep(b).append(value(s, j++));
        } else {
          sep(b).append('_');
        }
      }
    }
    for (; j < s.size(); j++) {
      sep(b).append(value(s, j)).append('@').append(time(s.ts()[j]));
    }
    return b.toString();
  }

  static String time(long ms) {
    return ms < 0 ? "-" + Durations.format(Duration.ofMillis(-ms))
        : Durations.format(Duration.ofMillis(ms));
  }

  static String list(List<String> messages) {
    return messages.isEmpty() ? "(none)" : String.join("\n    ", messages);
  }

  private static StringBuilder sep(StringBuilder b) {
    return b.isEmpty() ? b : b.append(' ');
  }

  private static String cut(String points) {
    int n = 0;
    for (int i = 0; i < points.length(); i++) {
      if (points.charAt(i) == ' ' && ++n == MAX_POINTS) {
        return points.substring(0, i) + " ...";
      }
    }
    return points;
  }

  /** Appends one indented line; false once the limit is reached (after saying so). */
  private static boolean line(StringBuilder b, int index, String text) {
    if (index == MAX_LINES) {
      b.append("    ...\n");
      return false;
    }
    b.append("    ").append(text).append('\n');
    return true;
  }

  private static String value(Series s, int j) {
    return s.histogram(j) != null ? s.histogram(j).toString() : Numbers.format(s.vs()[j]);
  }
}
