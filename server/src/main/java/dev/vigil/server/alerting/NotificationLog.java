package dev.vigil.server.alerting;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was last sent to each receiver integration for each aggregation group: the firing and
 * resolved alerts (fingerprints) and when, so the pipeline sends a group again only when it
 * changed or {@code repeat_interval} passed, also across a restart.
 *
 * <p>Thread-safe. Bounded: at most {@code maxEntries}; when full, the entry that expires first
 * makes room. Entries expire {@code retention} after they were logged.
 *
 * <p>File layout ({@code <storage.path>/nflog}, written whole by {@link #snapshot()}: a temporary
 * file, fsync, atomic rename): one UTF-8 JSON object
 * {@code {"version":1,"entries":[{"receiver":"team","integration":"webhook","index":0,
 * "groupKey":"{}:{alertname=\"A\"}","timestamp":<unix ms>,"expiresAt":<unix ms>,
 * "firing":["<16 hex>",...],"resolved":[...]}]}}. An unreadable file is logged and ignored (the
 * worst outcome is one repeated notification), never fatal.
 */
public final class NotificationLog {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationLog.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final int VERSION = 1;

  /** Which integration of which receiver, for which group. */
  public record Key(String receiver, String integration, int index, String groupKey) {}

  /**
   * One logged notification.
   *
   * @param firing fingerprints of the alerts that were firing when it was sent
   * @param resolved fingerprints of the alerts that were resolved when it was sent
   */
  public record Entry(Set<Long> firing, Set<Long> resolved, long timestampMillis,
      long expiresAtMillis) {
    public Entry {
      firing = Set.copyOf(firing);
      resolved = Set.copyOf(resolved);
    }
  }

  private final Path file;
  private final long retentionMillis;
  private final int maxEntries;
  private final LongSupplier clock;
  private final Map<Key, Entry> entries = new HashMap<>();
  /** One snapshot at a time: they share the temporary file. */
  private final Object fileLock = new Object();

  /**
   * @param file where snapshots go and are loaded from at construction; null keeps it in memory
   * @param retentionMillis how long an entry is kept ({@code --data.retention})
   */
  public NotificationLog(Path file, long retentionMillis, int maxEntries, LongSupplier clock) {
    this.file = file;
    this.retentionMillis = retentionMillis;
    this.maxEntries = maxEntries;
    this.clock = clock;
    if (file != null && Files.exists(file)) {
      try {
        load(file);
      } catch (IOException | RuntimeException e) {
        LOG.error("Notification log {} is unreadable, starting empty: {}", file, e.toString());
        entries.clear();
      }
    }
  }

  /** The last notification for {@code key}, or null when none (or it expired). */
  public synchronized Entry query(Key key) {
    Entry e = entries.get(key);
    if (e != null && e.expiresAtMillis() <= clock.getAsLong()) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  /**
   * Records that {@code key} was notified with these alerts at {@code timestampMillis} (the
   * flush's time, so that repeat intervals stay on the group's interval grid).
   */
  public synchronized void log(Key key, Set<Long> firing, Set<Long> resolved,
      long timestampMillis) {
    if (!entries.containsKey(key) && entries.size() >= maxEntries) {
      Key first = null;
      long min = Long.MAX_VALUE;
      for (Map.Entry<Key, Entry> e : entries.entrySet()) {
        if (e.getValue().expiresAtMillis() < min) {
          min = e.getValue().expiresAtMillis();
          first = e.getKey();
        }
      }
      entries.remove(first);
    }
    entries.put(key, new Entry(firing, resolved, timestampMillis,
        timestampMillis + retentionMillis));
  }

  /** Drops expired entries; returns how many. */
  public synchronized int gc() {
    long now = clock.getAsLong();
    int before = entries.size();
    entries.values().removeIf(e -> e.expiresAtMillis() <= now);
    return before - entries.size();
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Writes every live entry to the file atomically; nothing when memory-only. */
  public void snapshot() throws IOException {
    if (file == null) {
      return;
    }
    synchronized (fileLock) {
      write();
    }
  }

  private void write() throws IOException {
    Map<Key, Entry> copy;
    synchronized (this) {
      gc();
      copy = new HashMap<>(entries);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(tmp);
         JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("version", VERSION);
      g.writeArrayFieldStart("entries");
      for (Map.Entry<Key, Entry> me : copy.entrySet()) {
        Key k = me.getKey();
        Entry e = me.getValue();
        g.writeStartObject();
        g.writeStringField("receiver", k.receiver());
        g.writeStringField("integration", k.integration());
        g.writeNumberField("index", k.index());
        g.writeStringField("groupKey", k.groupKey());
        g.writeNumberField("timestamp", e.timestampMillis());
        g.writeNumberField("expiresAt", e.expiresAtMillis());
        fingerprints(g, "firing", e.firing());
        fingerprints(g, "resolved", e.resolved());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void fingerprints(JsonGenerator g, String field, Set<Long> fps)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (long fp : new TreeSet<>(fps)) {
      g.writeString(Fingerprints.hex(fp));
    }
    g.writeEndArray();
  }

  private void load(Path f) throws IOException {
    JsonNode root = new ObjectMapper().readTree(f.toFile());
    if (root == null || root.path("version").asInt() != VERSION) {
      throw new IOException("unknown version " + (root == null ? "(empty file)"
          : root.path("version").toString()));
    }
    long now = clock.getAsLong();
    for (JsonNode n : root.path("entries")) {
      Key k = new Key(text(n, "receiver"), text(n, "integration"), n.path("index").asInt(),
          text(n, "groupKey"));
      Entry e = new Entry(parse(n.path("firing")), parse(n.path("resolved")),
          n.path("timestamp").asLong(), n.path("expiresAt").asLong());
      if (e.expiresAtMillis() > now && entries.size() < maxEntries) {
        entries.put(k, e);
      }
    }
    LOG.info("Loaded {} notification log entries from {}", entries.size(), f);
  }

  private static String text(JsonNode n, String field) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException("entry without " + field);
    }
    return v.asText();
  }

  private static Set<Long> parse(JsonNode arr) {
    List<Long> out = new ArrayList<>();
    for (JsonNode v : arr) {
      out.add(Long.parseUnsignedLong(v.asText(), 16));
    }
    return Set.copyOf(out);
  }
}
