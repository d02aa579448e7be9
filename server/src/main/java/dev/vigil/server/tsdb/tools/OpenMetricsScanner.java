package dev.vigil.server.tsdb.tools;

import dev.vigil.server.model.Labels;
import dev.vigil.server.scrape.parse.ExpositionParser;
import dev.vigil.server.scrape.parse.OpenMetricsParser;
import dev.vigil.server.scrape.parse.ParseException;
import dev.vigil.server.scrape.parse.StringCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Streams the samples of an OpenMetrics file through the scrape parser in windows of a few
 * megabytes, so a file of any size is read with bounded memory.
 *
 * <p>The parser wants one complete exposition, so each window is made into one: it starts with
 * the TYPE and UNIT lines of the family the previous window ended in and ends with
 * {@code # EOF}. Windows are cut only between two sample lines with different timestamps, so a
 * histogram or summary point (all its lines share a timestamp) is never split. The price: rules
 * that span windows (a family repeated far apart) are only checked within a window; the
 * backfill checks sample order per series itself, which is what the blocks depend on.
 */
final class OpenMetricsScanner {
  /** Receives every sample in file order. */
  interface Sink {
    /**
     * @param labels the same instance for consecutive samples of one series
     * @param line 1-based line in the file
     */
    void sample(Labels labels, long t, double v, long line) throws BackfillException;
  }

  static final int DEFAULT_WINDOW_BYTES = 8 << 20;
  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final int windowBytes;
  private final Labels extraLabels;
  private final Progress progress;

  OpenMetricsScanner(Path file, int windowBytes, Labels extraLabels, Progress progress) {
    this.file = file;
    this.windowBytes = windowBytes;
    this.extraLabels = extraLabels;
    this.progress = progress;
  }

  /** Reads the whole file once, calling {@code sink} per sample. */
  void scan(Sink sink) throws IOException, BackfillException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long read = 0;
      byte[] data = new byte[windowBytes];
      int len = 0;
      long firstLine = 1;
      byte[] prefix = new byte[0];
      StringCache cache = new StringCache(16);
      Window w = new Window();
      while (true) {
        while (len < data.length && read < size) {
          int n = ch.read(ByteBuffer.wrap(data, len, data.length - len), read);
          if (n < 0) {
            break;
          }
          len += n;
          read += n;
        }
        boolean last = read >= size;
        int cut = last ? len : safeCut(data, len);
        if (cut < 0) {
          // No boundary in the window (one huge point, or one giant line): read more.
          data = Arrays.copyOf(data, data.length * 2);
          continue;
        }
        byte[] text = new byte[prefix.length + cut + (last ? 0 : EOF.length)];
        System.arraycopy(prefix, 0, text, 0, prefix.length);
        System.arraycopy(data, 0, text, prefix.length, cut);
        if (!last) {
          System.arraycopy(EOF, 0, text, prefix.length + cut, EOF.length);
        }
        long lineOffset = firstLine - 1 - countLines(prefix, prefix.length);
        w.parse(new OpenMetricsParser(text, text.length, cache), lineOffset, sink);
        if (last) {
          return;
        }
        prefix = w.familyMetadata();
        firstLine += countLines(data, cut);
        System.arraycopy(data, cut, data, 0, len - cut);
        len -= cut;
        if (data.length > windowBytes && len < windowBytes / 2) {
          data = Arrays.copyOf(data, Math.max(windowBytes, len));
        }
        progress.bytes(read - len, size);
      }
    }
  }

  /** Parses one window, remembering the metadata of the family it ends in. */
  private final class Window {
    private final Labels.Builder builder = new Labels.Builder();
    private String family;
    private String type;
    private String unit;
    private Labels labels;
    private byte[] lastSeries = new byte[64];
    private int lastSeriesLen = -1;

    void parse(OpenMetricsParser p, long lineOffset, Sink sink) throws BackfillException {
      lastSeriesLen = -1;
      ExpositionParser.Entry e;
      try {
        while ((e = p.next()) != null) {
          switch (e) {
            case TYPE, UNIT -> {
              if (!p.metadataName().equals(family)) {
                family = p.metadataName();
                type = null;
                unit = null;
              }
              if (e == ExpositionParser.Entry.TYPE) {
                type = p.type().name().toLowerCase(Locale.ROOT);
              } else {
                unit = p.unit();
              }
            }
            case SERIES -> {
              long line = lineOffset + p.lineNumber();
              if (!p.hasTimestamp()) {
                throw new BackfillException(file, line,
                    "sample has no timestamp; backfilled samples need one");
              }
              sink.sample(seriesLabels(p), p.timestampMillis(), p.value(), line);
            }
            default -> { }
          }
        }
      } catch (ParseException ex) {
        String m = ex.getMessage();
        String reason = m.substring(m.indexOf(": ") + 2);
        throw new BackfillException(file, lineOffset + ex.line(),
            "column " + ex.column() + ": " + reason);
      }
    }

    /** The labels of the current sample, built only when its series text changes. */
    private Labels seriesLabels(OpenMetricsParser p) {
      byte[] b = p.buffer();
      int s = p.seriesStart();
      int n = p.seriesEnd() - s;
      if (n == lastSeriesLen && Arrays.equals(b, s, s + n, lastSeries, 0, n)) {
        return labels;
      }
      p.labels(builder);
      for (int i = 0; i < extraLabels.size(); i++) {
        builder.set(extraLabels.name(i), extraLabels.value(i));
      }
      labels = builder.build();
      if (lastSeries.length < n) {
        lastSeries = new byte[Math.max(n, lastSeries.length * 2)];
      }
      System.arraycopy(b, s, lastSeries, 0, n);
      lastSeriesLen = n;
      return labels;
    }

    /** TYPE and UNIT lines of the family in progress, to open the next window with. */
    byte[] familyMetadata() {
      if (family == null) {
        return new byte[0];
      }
      StringBuilder sb = new StringBuilder();
      if (type != null) {
        sb.append("# TYPE ").append(family).append(' ').append(type).append('\n');
      }
      if (unit != null) {
        sb.append("# UNIT ").append(family).append(' ').append(unit).append('\n');
      }
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * The offset just after the last newline in {@code data[0, len)} where a sample line follows a
   * sample line with a different timestamp, or -1 when there is none.
   */
  static int safeCut(byte[] data, int len) {
    int end = lastIndexOf(data, len, (byte) '\n');
    while (end > 0) {
      // [bStart, end] is a complete line; the line before it ends at bStart - 1.
      int bStart = lastIndexOf(data, end, (byte) '\n') + 1;
      if (bStart == 0) {
        return -1;
      }
      int aStart = lastIndexOf(data, bStart - 1, (byte) '\n') + 1;
      if (data[bStart] != '#' && data[aStart] != '#'
          && !sameTimestamp(data, aStart, bStart - 1, bStart, end)) {
        return bStart;
      }
      end = bStart - 1;
    }
    return -1;
  }

  private static boolean sameTimestamp(byte[] d, int aStart, int aEnd, int bStart, int bEnd) {
    long a = timestampToken(d, aStart, aEnd);
    long b = timestampToken(d, bStart, bEnd);
    int aLen = (int) a;
    int bLen = (int) b;
    // A line without a timestamp is cut anywhere: the backfill rejects it in that window.
    return aLen > 0 && aLen == bLen && Arrays.equals(d, (int) (a >>> 32), (int) (a >>> 32) + aLen,
        d, (int) (b >>> 32), (int) (b >>> 32) + bLen);
  }

  /**
   * The third token of a sample line (after the series and the value) as {@code start << 32 |
   * length}; length 0 when absent. Quoted label values may contain spaces and braces.
   */
  private static long timestampToken(byte[] d, int start, int end) {
    int i = start;
    while (i < end && d[i] != '{' && d[i] != ' ') {
      i++;
    }
    if (i < end && d[i] == '{') {
      boolean quoted = false;
      for (; i < end; i++) {
        byte c = d[i];
        if (quoted && c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && c == '}') {
          i++;
          break;
        }
      }
    }
    for (int token = 0; token < 2; token++) {
      while (i < end && d[i] == ' ') {
        i++;
      }
      if (token == 1) {
        break;
      }
      while (i < end && d[i] != ' ') {
        i++;
      }
    }
    int s = i;
    while (i < end && d[i] != ' ') {
      i++;
    }
    return ((long) s << 32) | (i - s);
  }

  private static int lastIndexOf(byte[] d, int before, byte c) {
    for (int i = before - 1; i >= 0; i--) {
      if (d[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static long countLines(byte[] d, int len) {
    long n = 0;
    for (int i = 0; i < len; i++) {
      if (d[i] == '\n') {
        n++;
      }
    }
    return n;
  }
}
