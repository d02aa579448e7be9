package dev.vigil.server.promql.script;

import java.util.Arrays;

/**
 * The expanded values of one series line, one entry per interval step: a float, an omitted point
 * ({@code _}) or a native histogram (kept only as "there was one here").
 */
public final class Points {
  public static final byte VALUE = 0;
  public static final byte OMITTED = 1;
  public static final byte HISTOGRAM = 2;

  // Parallel arrays rather than a list of objects: `0+1x100000` is legal and common enough.
  private byte[] kinds = new byte[8];
  private double[] values = new double[8];
  private int size;

  void add(byte kind, double value) {
    if (size == kinds.length) {
      kinds = Arrays.copyOf(kinds, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    kinds[size] = kind;
    values[size] = value;
    size++;
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
        case HISTOGRAM -> "{{histogram}}";
        default -> Numbers.format(values[i]);
      });
    }
    return b.toString();
  }
}
