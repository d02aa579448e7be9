package dev.vigil.client.exposition;

import dev.vigil.client.model.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The sample-line plumbing both text formats share: one {@code write} call's output buffer, the
 * current data point's labels rendered once, and chunked hand-over to the output stream.
 *
 * <p>Not thread-safe: one instance per {@code write} call.
 */
final class LineBuffer {
  /** Hand a chunk to the stream once this much is buffered: few, large writes. */
  private static final int FLUSH_AT = 32 * 1024;

  static final byte[] TOTAL = ascii("_total");
  static final byte[] CREATED = ascii("_created");
  static final byte[] BUCKET = ascii("_bucket");
  static final byte[] COUNT = ascii("_count");
  static final byte[] SUM = ascii("_sum");
  static final byte[] INFO = ascii("_info");
  static final byte[] LE = ascii("le");
  static final byte[] QUANTILE = ascii("quantile");

  final ByteSink out = new ByteSink(FLUSH_AT + 4096);
  /** {@code a="x",b="y"} of the current data point, without braces; empty when unlabelled. */
  private final ByteSink labels = new ByteSink(256);
  private final OutputStream stream;
  /** The label names seen last by position, and their rendering {@code name="}. */
  private String[] labelNames = new String[8];
  private byte[][] labelNamePrefixes = new byte[8][];
  /** Rendered {@code le}/{@code quantile} values by position: families mostly share bounds. */
  private double[] canonicalValues = new double[16];
  private byte[][] canonicalTexts = new byte[16][];

  LineBuffer(OutputStream stream) {
    this.stream = stream;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Renders the labels of the next data point. Histograms and summaries write them on many lines,
   * so they are escaped and encoded once and then copied.
   */
  void setLabels(Labels l) {
    labels.reset();
    int n = l.size();
    if (n > labelNames.length) {
      labelNames = Arrays.copyOf(labelNames, n);
      labelNamePrefixes = Arrays.copyOf(labelNamePrefixes, n);
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        labels.put(',');
      }
      // The data points of a family share their label name strings: encode each name once.
      String name = l.getName(i);
      if (labelNames[i] != name) {
        labelNames[i] = name;
        labelNamePrefixes[i] = ascii(name + "=\"");
      }
      labels.put(labelNamePrefixes[i]).escaped(l.getValue(i), true).put('"');
    }
  }

  /**
   * The canonical text of bucket bound or quantile number {@code i} with value {@code v}.
   * Rendering goes through Double.toString in general; a cache by position skips it for the
   * next data point and family with the same bounds, which is nearly always the case.
   */
  byte[] canonical(int i, double v) {
    if (i >= canonicalTexts.length) {
      int n = Math.max(i + 1, canonicalTexts.length * 2);
      canonicalValues = Arrays.copyOf(canonicalValues, n);
      canonicalTexts = Arrays.copyOf(canonicalTexts, n);
    }
    byte[] text = canonicalTexts[i];
    if (text == null || canonicalValues[i] != v) {
      text = ascii(Numbers.canonical(v));
      canonicalTexts[i] = text;
      canonicalValues[i] = v;
    }
    return text;
  }

  /** Starts {@code name suffix {labels} } and returns the sink for the value. */
  ByteSink sample(byte[] name, byte[] suffix) {
    out.put(name);
    if (suffix != null) {
      out.put(suffix);
    }
    if (labels.size() > 0) {
      out.put('{').put(labels).put('}');
    }
    return out.put(' ');
  }

  /** Like {@link #sample(byte[], byte[])} with one more label whose value is already escaped. */
  ByteSink sample(byte[] name, byte[] suffix, byte[] extraName, byte[] extraValue) {
    openExtraLabel(name, suffix, extraName);
    return out.put(extraValue).put('"').put('}').put(' ');
  }

  /** Like {@link #sample(byte[], byte[])} with one more label, escaping its value. */
  ByteSink sample(byte[] name, byte[] suffix, byte[] extraName, String extraValue) {
    openExtraLabel(name, suffix, extraName);
    return out.escaped(extraValue, true).put('"').put('}').put(' ');
  }

  private void openExtraLabel(byte[] name, byte[] suffix, byte[] extraName) {
    out.put(name);
    if (suffix != null) {
      out.put(suffix);
    }
    out.put('{');
    if (labels.size() > 0) {
      out.put(labels).put(',');
    }
    out.put(extraName).put('=').put('"');
  }

  /** Ends the line; hands a full chunk to the stream. */
  void endLine() throws IOException {
    out.put('\n');
    if (out.size() >= FLUSH_AT) {
      out.drainTo(stream);
    }
  }

  /** Writes what is left and flushes the stream (it stays open). */
  void finish() throws IOException {
    out.drainTo(stream);
    stream.flush();
  }
}
