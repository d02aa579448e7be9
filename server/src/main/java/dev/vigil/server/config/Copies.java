package dev.vigil.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep file order (Map.copyOf would not, and order shows in URLs). */
final class Copies {
  private Copies() {}

  static <K, V> Map<K, V> map(Map<K, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
