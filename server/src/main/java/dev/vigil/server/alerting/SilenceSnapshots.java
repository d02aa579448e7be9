package dev.vigil.server.alerting;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.model.Matcher;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silences snapshot file: one JSON document, written to {@code <file>.tmp}, fsynced, then
 * renamed over the file, so a crash leaves the old or the new snapshot, never half of one.
 *
 * <pre>
 * {"version": 1,
 *  "silences": [
 *    {"id": "uuid", "matchers": [{"name": "job", "type": "=~", "value": "api|db"}],
 *     "startsAt": 1700000000000, "endsAt": 1700003600000, "updatedAt": 1700000000000,
 *     "createdBy": "ops", "comment": "deploy"}]}
 * </pre>
 *
 * Times are Unix milliseconds; {@code type} is one of {@code =}, {@code !=}, {@code =~},
 * {@code !~}. Readers refuse other versions. Not Alertmanager's format (a protobuf stream), which
 * Vigil does not read.
 */
final class SilenceSnapshots {
  static final int VERSION = 1;
  private static final Logger LOG = LoggerFactory.getLogger(SilenceSnapshots.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SilenceSnapshots() {}

  /**
   * Renames a snapshot that cannot be read to {@code <file>.bad-<unix ms>}, so the next snapshot
   * does not overwrite the silences a person may still recover from it; returns the new name.
   */
  private static Path keepAside(Path file) {
    String base = file.getFileName() + ".bad-" + System.currentTimeMillis();
    Path aside = file.resolveSibling(base);
    for (int i = 1; Files.exists(aside); i++) {
      aside = file.resolveSibling(base + "-" + i);
    }
    try {
      Files.move(file, aside);
      return aside;
    } catch (IOException e) {
      LOG.warn("cannot rename {} aside: {}", file, e.getMessage());
      return file;
    }
  }

  /**
   * The silences in {@code file}; empty when it does not exist. A file that cannot be read or
   * parsed is logged and treated as empty; a single bad entry is logged and skipped.
   */
  static List<Silence> read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (JsonProcessingException e) {
      LOG.warn("silences snapshot {} is corrupt, starting without silences (the file is kept as "
          + "{}): {} at line {}, column {}", file, keepAside(file), e.getOriginalMessage(),
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr());
      return List.of();
    } catch (IOException e) {
      LOG.warn("silences snapshot {} is unreadable, starting without silences: {}", file,
          e.getMessage());
      return List.of();
    }
    if (root == null || !root.isObject() || root.path("version").asInt() != VERSION
        || !root.path("silences").isArray()) {
      LOG.warn("silences snapshot {} is not a version {} snapshot, starting without silences "
          + "(the file is kept as {})", file, VERSION, keepAside(file));
      return List.of();
    }
    List<Silence> out = new ArrayList<>();
    int bad = 0;
    for (JsonNode n : root.get("silences")) {
      try {
        out.add(silence(n));
      } catch (IllegalArgumentException e) {
        bad++;
        LOG.warn("silences snapshot {}: skipping an entry: {}", file, e.getMessage());
      }
    }
    if (bad > 0) {
      LOG.warn("silences snapshot {}: {} of {} entries skipped", file, bad, bad + out.size());
    }
    return out;
  }

  private static Silence silence(JsonNode n) {
    String id = text(n, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("entry without id");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (JsonNode m : n.path("matchers")) {
      matchers.add(Matcher.of(type(text(m, "type")), text(m, "name"), text(m, "value")));
    }
    if (matchers.isEmpty()) {
      throw new IllegalArgumentException("silence " + id + " has no matchers");
    }
    return new Silence(id, matchers, millis(n, "startsAt"), millis(n, "endsAt"),
        millis(n, "updatedAt"), text(n, "createdBy"), text(n, "comment"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field " + field + " missing or not a string");
    }
    return v.asText();
  }

  private static long millis(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException("field " + field + " missing or not an integer");
    }
    return v.asLong();
  }

  private static Matcher.Type type(String op) {
    for (Matcher.Type t : Matcher.Type.values()) {
      if (t.op().equals(op)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown matcher type \"" + op + "\"");
  }

  /** Writes {@code silences} atomically: temporary file, fsync, rename, fsync of the directory. */
  static void write(Path file, Collection<Silence> silences) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream os = Channels.newOutputStream(ch);
      try (JsonGenerator g = new JsonFactory().createGenerator(os, JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeNumberField("version", VERSION);
        g.writeArrayFieldStart("silences");
        for (Silence s : silences) {
          g.writeStartObject();
          g.writeStringField("id", s.id());
          g.writeArrayFieldStart("matchers");
          for (Matcher m : s.matchers()) {
            g.writeStartObject();
            g.writeStringField("name", m.name());
            g.writeStringField("type", m.type().op());
            g.writeStringField("value", m.value());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeNumberField("startsAt", s.startsAtMillis());
          g.writeNumberField("endsAt", s.endsAtMillis());
          g.writeNumberField("updatedAt", s.updatedAtMillis());
          g.writeStringField("createdBy", s.createdBy());
          g.writeStringField("comment", s.comment());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        // The generator must not close the channel before it is forced to disk.
        ch.force(true);
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename is still atomic.
    }
  }
}
