package dev.vigil.server.alerting;

import dev.vigil.server.model.Labels;
import java.nio.charset.StandardCharsets;

/**
 * Alertmanager's label-set fingerprint: FNV-1a 64 over the labels sorted by name, each as
 * name, 0xff, value, 0xff (UTF-8 bytes), so that the same alert has the same fingerprint in
 * Vigil, Prometheus and Alertmanager. Stateless and thread-safe.
 */
public final class Fingerprints {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final int SEPARATOR = 0xff;

  private Fingerprints() {}

  /** The fingerprint as a number. */
  public static long of(Labels labels) {
    long h = OFFSET;
    for (int i = 0; i < labels.size(); i++) {
      h = add(h, labels.name(i));
      h = (h ^ SEPARATOR) * PRIME;
      h = add(h, labels.value(i));
      h = (h ^ SEPARATOR) * PRIME;
    }
    return h;
  }

  /** The fingerprint as Alertmanager prints it: 16 lower-case hex digits. */
  public static String hex(Labels labels) {
    return hex(of(labels));
  }

  public static String hex(long fingerprint) {
    String s = Long.toHexString(fingerprint);
    return "0".repeat(16 - s.length()) + s;
  }

  private static long add(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * PRIME;
    }
    return h;
  }
}
