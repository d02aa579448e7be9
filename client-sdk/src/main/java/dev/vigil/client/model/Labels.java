package dev.vigil.client.model;

import java.util.Arrays;

/**
 * An immutable set of label name/value pairs, sorted by name. Names are unique.
 *
 * <p>Thread-safe. Equality and ordering compare names and values pairwise.
 */
public final class Labels implements Comparable<Labels> {
  public static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;
  private int hash;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** {@code Labels.of("method", "GET", "status", "200")}: names and values alternating. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Labels.of needs name/value pairs, got an odd number ("
          + namesAndValues.length + ") of strings");
    }
    int n = namesAndValues.length / 2;
    String[] names = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = namesAndValues[2 * i];
      values[i] = namesAndValues[2 * i + 1];
    }
    return of(names, values);
  }

  /** Builds labels from parallel arrays; the arrays are copied, validated and sorted. */
  public static Labels of(String[] names, String[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException(names.length + " label names but " + values.length
          + " label values");
    }
    if (names.length == 0) {
      return EMPTY;
    }
    String[] n = names.clone();
    String[] v = values.clone();
    for (int i = 0; i < n.length; i++) {
      Names.checkLabelName(n[i]);
      if (v[i] == null) {
        throw new IllegalArgumentException("label " + n[i] + " has a null value");
      }
    }
    sort(n, v);
    for (int i = 1; i < n.length; i++) {
      if (n[i].equals(n[i - 1])) {
        throw new IllegalArgumentException("duplicate label name " + n[i]);
      }
    }
    return new Labels(n, v);
  }

  private static void sort(String[] n, String[] v) {
    // Insertion sort: label sets are small, and this keeps names and values paired.
    for (int i = 1; i < n.length; i++) {
      String kn = n[i];
      String kv = v[i];
      int j = i - 1;
      while (j >= 0 && n[j].compareTo(kn) > 0) {
        n[j + 1] = n[j];
        v[j + 1] = v[j];
        j--;
      }
      n[j + 1] = kn;
      v[j + 1] = kv;
    }
  }

  public int size() {
    return names.length;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  public String getName(int i) {
    return names[i];
  }

  public String getValue(int i) {
    return values[i];
  }

  /** The value of label {@code name}, or null when absent. */
  public String get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  public boolean contains(String name) {
    return get(name) != null;
  }

  /** A new label set with {@code name=value} added; throws when the name is already present. */
  public Labels add(String name, String value) {
    if (contains(name)) {
      throw new IllegalArgumentException("duplicate label name " + name);
    }
    String[] n = Arrays.copyOf(names, names.length + 1);
    String[] v = Arrays.copyOf(values, values.length + 1);
    n[names.length] = name;
    v[values.length] = value;
    return of(n, v);
  }

  /** Both label sets together; throws when they share a name. */
  public Labels merge(Labels other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    String[] n = Arrays.copyOf(names, names.length + other.names.length);
    String[] v = Arrays.copyOf(values, values.length + other.values.length);
    System.arraycopy(other.names, 0, n, names.length, other.names.length);
    System.arraycopy(other.values, 0, v, values.length, other.values.length);
    return of(n, v);
  }

  @Override
  public int compareTo(Labels o) {
    int n = Math.min(names.length, o.names.length);
    for (int i = 0; i < n; i++) {
      int c = names[i].compareTo(o.names[i]);
      if (c != 0) {
        return c;
      }
      c = values[i].compareTo(o.values[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(names.length, o.names.length);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Labels)) {
      return false;
    }
    Labels other = (Labels) o;
    return Arrays.equals(names, other.names) && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return sb.append('}').toString();
  }
}
