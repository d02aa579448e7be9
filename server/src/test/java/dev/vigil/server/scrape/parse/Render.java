package dev.vigil.server.scrape.parse;

import dev.vigil.server.model.Labels;
import java.nio.charset.StandardCharsets;

/** Renders every entry of a parse as one line, for golden-string tests. */
final class Render {
  private Render() {}

  static String text(String input) throws ParseException {
    return all(new TextParser(input.getBytes(StandardCharsets.UTF_8)));
  }

  static String om(String input) throws ParseException {
    return all(new OpenMetricsParser(input.getBytes(StandardCharsets.UTF_8)));
  }

  static String all(ExpositionParser p) throws ParseException {
    StringBuilder sb = new StringBuilder();
    Labels.Builder b = new Labels.Builder();
    for (ExpositionParser.Entry e; (e = p.next()) != null; ) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      switch (e) {
        case SERIES -> {
          p.labels(b);
          sb.append(b.build()).append(' ').append(p.value());
          if (p.hasTimestamp()) {
            sb.append(" @").append(p.timestampMillis());
          }
          String raw = new String(p.buffer(), p.seriesStart(), p.seriesEnd() - p.seriesStart(),
              StandardCharsets.UTF_8);
          if (!raw.startsWith(p.metricName()) && !raw.startsWith("{")) {
            throw new AssertionError("series bytes " + raw + " do not start with the name");
          }
          if (p.hasExemplar()) {
            p.exemplarLabels(b);
            sb.append(" # ").append(b.build()).append(' ').append(p.exemplarValue());
            if (p.exemplarHasTimestamp()) {
              sb.append(" @").append(p.exemplarTimestampMillis());
            }
          }
        }
        case TYPE -> sb.append("TYPE ").append(p.metadataName()).append(' ').append(p.type());
        case HELP -> sb.append("HELP ").append(p.metadataName()).append(' ')
            .append(p.help().replace("\\", "\\\\").replace("\n", "\\n"));
        case UNIT -> sb.append("UNIT ").append(p.metadataName()).append(' ').append(p.unit());
        case COMMENT -> sb.append("COMMENT ").append(p.comment());
      }
    }
    return sb.toString();
  }
}
