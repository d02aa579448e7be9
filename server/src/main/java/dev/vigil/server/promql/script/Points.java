package dev.vigil.server.promql.script;

import dev.vigil.server.model.FloatHistogram;
import java.util.Arrays;

/**
 * The expanded values of one series line, one entry per interval step: a float, an omitted point
 * ({@code _}) or a native histogram.
 */
public final class Points {
  public static final byte VALUE = 0;
  public static final byte OMITTED = 1;
  public static final byte HISTOGRAM = 2;

  // Parallel arrays rather than a list of objects: `0+1x100000` is legal and common enough.
  private byte[] kinds = new byte[8];
  private double[] values = new double[8];
  /** Null until the first histogram point. */
  private FloatHistogram[] histograms;
  private int size;

  void add(byte kind, double value) {
    if (size == kinds.length) {
      kinds = Arrays.copyOf(kinds, size * 2);
      values = Arrays.copyOf(values, size * 2);
      if (histograms != null) {
        histograms = Arrays.copyOf(histograms, size * 2);
      }
    }
    kinds[size] = kind;
    values[size] = value;
    size++;
  }

  void addHistogram(FloatHistogram h) {
    add(HISTOGRAM, 0);
    if (histograms == null) {
      histograms = new FloatHistogram[kinds.length];
    }
    histograms[size - 1] = h;
  }

  /** The histogram of point {@code i}, null unless its kind is {@link #HISTOGRAM}. */
  public FloatHistogram histogram(int i) {
    return histograms == null ? null : histograms[i];
  }

  public int size() {
    return size;
  }

  public byte kind(int i) {
    return kinds[i];
  }

  public double value(int i) {
    return values[i];
  }

  public boolean hasHistogram() {
    for (int i = 0; i < size; i++) {
      if (kinds[i] == HISTOGRAM) {
        return true;
      }
    }
    return false;
  }

  /** The points in script notation, one token each: {@code 1 _ stale {{...}}}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(switch (kinds[i]) {
        case OMITTED -> "_";
        case HISTOGRAM -> String.valueOf(histogram(i));
        default -> Numbers.format(values[i]);
      });
    }
    return b.toString();
  }
}
