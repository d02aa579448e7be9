package dev.vigil.server.scrape;

import dev.vigil.server.scrape.parse.ExpositionParser;
import dev.vigil.server.scrape.parse.MetricType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TYPE, HELP and UNIT a target exposes per metric family, for the metadata endpoints.
 * Families not seen for {@link #MAX_AGE} successful scrapes are forgotten, and at most
 * {@link #MAX_ENTRIES} are kept (later new families are ignored until room frees up).
 *
 * <p>Threads: {@link #observe} and {@link #endScrape} run on the target's scrape thread only;
 * readers get an immutable list, rebuilt at the end of a scrape that changed something. An
 * entry that did not change costs a map lookup by the parser's interned name and a byte
 * comparison: no allocation.
 */
public final class TargetMetadata {
  static final int MAX_ENTRIES = 10_000;
  static final int MAX_AGE = 10;

  /** One family's metadata as the API shows it; {@code type} is Prometheus's lower-case name. */
  public record Metric(String family, String type, String help, String unit) {}

  /** Mutable, scrape thread only. */
  private static final class Slot {
    MetricType type = MetricType.UNKNOWN;
    byte[] helpRaw = new byte[0];
    String help = "";
    byte[] unitRaw = new byte[0];
    String unit = "";
    long lastSeen;
  }

  private final Map<String, Slot> slots = new HashMap<>();
  private long scrape;
  private boolean changed;
  private volatile List<Metric> published = List.of();

  /** Records one TYPE, HELP or UNIT entry of the scrape in progress. */
  void observe(ExpositionParser p, ExpositionParser.Entry kind) {
    String family = p.metadataName();
    Slot s = slots.get(family);
    if (s == null) {
      if (slots.size() >= MAX_ENTRIES) {
        return;
      }
      s = new Slot();
      slots.put(family, s);
      changed = true;
    }
    s.lastSeen = scrape;
    switch (kind) {
      case TYPE -> {
        if (s.type != p.type()) {
          s.type = p.type();
          changed = true;
        }
      }
      case HELP -> {
        if (!p.textEquals(s.helpRaw)) {
          s.helpRaw = p.rawText();
          s.help = p.help();
          changed = true;
        }
      }
      case UNIT -> {
        if (!p.textEquals(s.unitRaw)) {
          s.unitRaw = p.rawText();
          s.unit = p.unit();
          changed = true;
        }
      }
      default -> { }
    }
  }

  /** Ends a successful scrape: ages out families gone too long, publishes what changed. */
  void endScrape() {
    for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
      if (scrape - it.next().lastSeen >= MAX_AGE) {
        it.remove();
        changed = true;
      }
    }
    scrape++;
    if (changed) {
      List<Metric> list = new ArrayList<>(slots.size());
      slots.forEach((family, s) -> list.add(new Metric(family,
          s.type.name().toLowerCase(Locale.ROOT), s.help, s.unit)));
      list.sort((a, b) -> a.family().compareTo(b.family()));
      published = List.copyOf(list);
      changed = false;
    }
  }

  /** Every family's metadata, by family name. */
  public List<Metric> list() {
    return published;
  }

  /** The metadata of {@code family}, or null. */
  public Metric get(String family) {
    for (Metric m : published) {
      if (m.family().equals(family)) {
        return m;
      }
    }
    return null;
  }
}
