package dev.vigil.server.relabel;

import dev.vigil.server.model.LabelNames;
import com.google.re2j.Matcher;
import dev.vigil.server.model.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * Applies relabel configs to a label set, step by step, exactly as the Prometheus spec describes.
 * Stateless and thread-safe.
 */
public final class Relabeler {
  private Relabeler() {}

  /**
   * Runs {@code rules} in order over {@code in}.
   *
   * @return the resulting labels (possibly empty), or null when a keep/drop/keepequal/dropequal
   *     step dropped the set
   */
  public static Labels process(Labels in, List<RelabelConfig> rules) {
    if (rules.isEmpty()) {
      return in;
    }
    Labels.Builder b = in.toBuilder();
    for (RelabelConfig rule : rules) {
      if (!apply(b, rule)) {
        return null;
      }
    }
    return b.build();
  }

  /** Applies one step to {@code b}; false means the label set is dropped. */
  static boolean apply(Labels.Builder b, RelabelConfig cfg) {
    String val = joinSources(b, cfg);
    switch (cfg.action()) {
      case DROP -> {
        return !cfg.regex().matches(val);
      }
      case KEEP -> {
        return cfg.regex().matches(val);
      }
      case DROPEQUAL -> {
        return !val.equals(valueOf(b, cfg.targetLabel()));
      }
      case KEEPEQUAL -> {
        return val.equals(valueOf(b, cfg.targetLabel()));
      }
      case REPLACE -> replace(b, cfg, val);
      case LOWERCASE -> b.set(cfg.targetLabel(), val.toLowerCase(Locale.ROOT));
      case UPPERCASE -> b.set(cfg.targetLabel(), val.toUpperCase(Locale.ROOT));
      case HASHMOD -> {
        // The modulus is an unsigned 64-bit number in Prometheus; 0 would divide by zero, and
        // validation rejects it, so a hand-built config with 0 leaves the labels unchanged.
        if (cfg.modulus() != 0) {
          long mod = Long.remainderUnsigned(hash64(val), cfg.modulus());
          b.set(cfg.targetLabel(), Long.toUnsignedString(mod));
        }
      }
      case LABELMAP -> {
        String[][] snap = snapshot(b);
        for (String[] l : snap) {
          Matcher m = cfg.regex().pattern().matcher(l[0]);
          if (m.matches()) {
            String name = Expander.expand(cfg.replacement(), m, cfg.regex().namedGroups());
            if (!name.isEmpty()) {
              b.set(name, l[1]);
            }
          }
        }
      }
      case LABELDROP, LABELKEEP -> {
        boolean dropMatching = cfg.action() == RelabelConfig.Action.LABELDROP;
        for (String[] l : snapshot(b)) {
          if (cfg.regex().matches(l[0]) == dropMatching) {
            b.delete(l[0]);
          }
        }
      }
    }
    return true;
  }

  private static void replace(Labels.Builder b, RelabelConfig cfg, String val) {
    Matcher m = cfg.regex().pattern().matcher(val);
    if (!m.matches()) {
      return; // no match: no change
    }
    String target = Expander.expand(cfg.targetLabel(), m, cfg.regex().namedGroups());
    if (!LabelNames.isValid(target)) {
      return; // a target that does not expand to a valid name is skipped, as in Prometheus
    }
    // An empty value deletes the label (Labels.Builder.set treats "" as absent).
    b.set(target, Expander.expand(cfg.replacement(), m, cfg.regex().namedGroups()));
  }

  private static String joinSources(Labels.Builder b, RelabelConfig cfg) {
    List<String> src = cfg.sourceLabels();
    if (src.size() == 1) {
      return valueOf(b, src.get(0));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < src.size(); i++) {
      if (i > 0) {
        sb.append(cfg.separator());
      }
      sb.append(valueOf(b, src.get(i)));
    }
    return sb.toString();
  }

  /** Missing labels count as empty strings. */
  private static String valueOf(Labels.Builder b, String name) {
    String v = b.get(name);
    return v == null ? "" : v;
  }

  /** The labels at the start of a step: label-wide actions must not see their own changes. */
  private static String[][] snapshot(Labels.Builder b) {
    String[][] out = new String[b.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new String[] {b.name(i), b.value(i)};
    }
    return out;
  }

  /**
   * The hash Prometheus uses for hashmod: MD5 of the UTF-8 bytes, of which the last 8 bytes are
   * read as a big-endian unsigned 64-bit number (its shifts push the first 8 bytes out).
   */
  static long hash64(String s) {
    byte[] d;
    try {
      d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every Java platform", e);
    }
    long h = 0;
    for (int i = 8; i < 16; i++) {
      h = (h << 8) | (d[i] & 0xff);
    }
    return h;
  }
}
