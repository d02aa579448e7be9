package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One String instance per distinct label name and value across all series of the head: the same
 * {@code job="node"} in a million series costs one string, not a million. Each string is counted
 * once per series that holds it and forgotten when the last such series is removed, so series
 * churn does not make the interner grow without bound.
 */
final class Interner {
  /** A string and how many label sets hold it; the count changes only inside the map's compute. */
  private static final class Ref {
    final String s;
    int holders;

    Ref(String s) {
      this.s = s;
    }
  }

  // JVM layout with compressed oops: map node 32, Ref 24, String 24, byte[] header 16.
  private static final int FIXED_BYTES_PER_STRING = 32 + 24 + 24 + 16;

  private final ConcurrentHashMap<String, Ref> strings = new ConcurrentHashMap<>();
  private final LongAdder bytes = new LongAdder();

  /** The shared instance of {@code s}, counted as held once more. */
  String acquire(String s) {
    return strings.compute(s, (k, r) -> {
      if (r == null) {
        r = new Ref(k);
        bytes.add(stringBytes(k));
      }
      r.holders++;
      return r;
    }).s;
  }

  /** Drops one hold on {@code s}; the last one forgets it. */
  void release(String s) {
    strings.computeIfPresent(s, (k, r) -> {
      if (--r.holders > 0) {
        return r;
      }
      bytes.add(-stringBytes(k));
      return null;
    });
  }

  /** {@code l} with every name and value shared, each held once more (one series' worth). */
  Labels acquire(Labels l) {
    Labels.Builder b = new Labels.Builder();
    for (int i = 0; i < l.size(); i++) {
      b.set(acquire(l.name(i)), acquire(l.value(i)));
    }
    return b.build();
  }

  /** Undoes {@link #acquire(Labels)} for a label set it returned. */
  void release(Labels l) {
    for (int i = 0; i < l.size(); i++) {
      release(l.name(i));
      release(l.value(i));
    }
  }

  /** Distinct strings held. */
  int size() {
    return strings.size();
  }

  /** Approximate heap held by the strings and their entries. */
  long memoryBytes() {
    return bytes.sum();
  }

  private static long stringBytes(String s) {
    // Latin-1 strings take a byte per char; others two. Arrays are padded to 8 bytes.
    int payload = s.length();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 256) {
        payload = s.length() * 2;
        break;
      }
    }
    return FIXED_BYTES_PER_STRING + ((payload + 7) & ~7);
  }
}
