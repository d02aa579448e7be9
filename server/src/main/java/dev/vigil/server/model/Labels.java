package dev.vigil.server.model;

import java.util.Arrays;

/**
 * An immutable label set, sorted by name, names unique, no empty values (an empty value means
 * the label is absent, as in Prometheus). The metric name is the label {@code __name__}.
 *
 * <p>Thread-safe. Ordering compares name/value pairs in turn, as Prometheus sorts series.
 */
public final class Labels implements Comparable<Labels> {
  public static final String METRIC_NAME = "__name__";
  public static final Labels EMPTY = new Labels(new String[0]);

  /** Names and values interleaved: n0, v0, n1, v1, ... sorted by name. */
  private final String[] kv;
  private int hash;

  private Labels(String[] kv) {
    this.kv = kv;
  }

  /** {@code Labels.of("__name__", "up", "job", "node")}: names and values alternating. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Labels.of needs name/value pairs, got "
          + namesAndValues.length + " strings");
    }
    Builder b = new Builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (b.get(namesAndValues[i]) != null) {
        throw new IllegalArgumentException("duplicate label name " + namesAndValues[i]);
      }
      b.set(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  public int size() {
    return kv.length / 2;
  }

  public boolean isEmpty() {
    return kv.length == 0;
  }

  public String name(int i) {
    return kv[2 * i];
  }

  public String value(int i) {
    return kv[2 * i + 1];
  }

  /** The value of {@code name}, or null when absent. */
  public String get(String name) {
    // Binary search: label sets are sorted by name.
    int lo = 0;
    int hi = kv.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = kv[2 * mid].compareTo(name);
      if (c == 0) {
        return kv[2 * mid + 1];
      } else if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return null;
  }

  /** The metric name, or null. */
  public String metricName() {
    return get(METRIC_NAME);
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    for (int i = 0; i < kv.length; i += 2) {
      b.set(kv[i], kv[i + 1]);
    }
    return b;
  }

  @Override
  public int compareTo(Labels o) {
    int n = Math.min(kv.length, o.kv.length);
    for (int i = 0; i < n; i++) {
      int c = kv[i].compareTo(o.kv[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(kv.length, o.kv.length);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Labels && Arrays.equals(kv, ((Labels) o).kv));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(kv);
      hash = h;
    }
    return h;
  }

  /** Prometheus's notation: {@code up{instance="a:9100", job="node"}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    String name = metricName();
    if (name != null) {
      sb.append(name);
    }
    sb.append('{');
    boolean first = true;
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i].equals(METRIC_NAME)) {
        continue;
      }
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(kv[i]).append("=\"");
      escape(sb, kv[i + 1]);
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  private static void escape(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' || c == '"') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else {
        sb.append(c);
      }
    }
  }

  /** Builds a label set; setting an empty value removes the label. Not thread-safe. */
  public static final class Builder {
    private String[] kv = new String[16];
    private int n;

    public Builder() {}

    /** The current value of {@code name}, or null. */
    public String get(String name) {
      for (int i = 0; i < n; i += 2) {
        if (kv[i].equals(name)) {
          return kv[i + 1];
        }
      }
      return null;
    }

    public Builder set(String name, String value) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("label name must not be empty");
      }
      if (value == null || value.isEmpty()) {
        return delete(name);
      }
      for (int i = 0; i < n; i += 2) {
        if (kv[i].equals(name)) {
          kv[i + 1] = value;
          return this;
        }
      }
      if (n == kv.length) {
        kv = Arrays.copyOf(kv, kv.length * 2);
      }
      kv[n++] = name;
      kv[n++] = value;
      return this;
    }

    public Builder delete(String name) {
      for (int i = 0; i < n; i += 2) {
        if (kv[i].equals(name)) {
          System.arraycopy(kv, i + 2, kv, i, n - i - 2);
          n -= 2;
          kv[n] = null;
          kv[n + 1] = null;
          return this;
        }
      }
      return this;
    }

    /** Removes every label. */
    public Builder reset() {
      Arrays.fill(kv, 0, n, null);
      n = 0;
      return this;
    }

    public int size() {
      return n / 2;
    }

    public String name(int i) {
      return kv[2 * i];
    }

    public String value(int i) {
      return kv[2 * i + 1];
    }

    public Labels build() {
      if (n == 0) {
        return EMPTY;
      }
      String[] out = Arrays.copyOf(kv, n);
      // Insertion sort of pairs: label sets are small and often nearly sorted already.
      for (int i = 2; i < out.length; i += 2) {
        String name = out[i];
        String value = out[i + 1];
        int j = i - 2;
        while (j >= 0 && out[j].compareTo(name) > 0) {
          out[j + 2] = out[j];
          out[j + 3] = out[j + 1];
          j -= 2;
        }
        out[j + 2] = name;
        out[j + 3] = value;
      }
      return new Labels(out);
    }
  }
}
