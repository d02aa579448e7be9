package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One String instance per distinct label name and value across all series of the head: the same
 * {@code job="node"} in a million series costs one string, not a million.
 */
final class Interner {
  private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();

  String intern(String s) {
    String prev = strings.putIfAbsent(s, s);
    return prev == null ? s : prev;
  }

  Labels intern(Labels l) {
    Labels.Builder b = new Labels.Builder();
    for (int i = 0; i < l.size(); i++) {
      b.set(intern(l.name(i)), intern(l.value(i)));
    }
    return b.build();
  }
}
