package dev.vigil.server.alerting.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.alerting.Matchers;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * What the API v2 handlers share: Alertmanager's plain JSON (no envelope), its time format
 * (RFC 3339 with milliseconds, UTC), errors as a JSON string with the status, bounded bodies,
 * and the {@code filter} matchers with Alertmanager's "missing label" rules.
 */
final class V2Json {
  static final JsonFactory FACTORY = new JsonFactory();
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** Bodies larger than this are refused with 413. */
  static final int MAX_BODY_BYTES = 16 << 20;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private V2Json() {}

  /** A request the API refuses; the message goes back as a JSON string. */
  static final class Refusal extends Exception {
    final int status;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** Writes a JSON body produced by {@code body}. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static void send(HttpServerExchange ex, int status, Body body) throws IOException {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    if (!ex.isBlocking()) {
      ex.startBlocking();
    }
    OutputStream out = ex.getOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    }
  }

  static void error(HttpServerExchange ex, Refusal r) throws IOException {
    if (r.getMessage() == null) {
      ex.setStatusCode(r.status);
      ex.endExchange();
      return;
    }
    send(ex, r.status, g -> g.writeString(r.getMessage()));
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  /** RFC 3339; Go's zero time ({@code 0001-01-01T00:00:00Z}) and absence are 0. */
  static long parseTime(JsonNode n, String field) throws Refusal {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isTextual()) {
      throw new Refusal(400, field + " must be an RFC 3339 time string");
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(v.asText());
      return t.getYear() <= 1 ? 0 : t.toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new Refusal(400, field + " in body must be of type date-time: \"" + v.asText()
          + "\"");
    }
  }

  /** The request body as JSON, at most {@link #MAX_BODY_BYTES}. */
  static JsonNode readBody(HttpServerExchange ex, String what) throws Refusal, IOException {
    long declared = ex.getRequestContentLength();
    if (declared > MAX_BODY_BYTES) {
      throw new Refusal(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
    }
    // Undertow's own default limit (10 MiB) would end the connection instead of answering.
    ex.setMaxEntitySize(MAX_BODY_BYTES + 1L);
    if (!ex.isBlocking()) {
      ex.startBlocking();
    }
    InputStream in = ex.getInputStream();
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      throw new Refusal(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw new Refusal(400, what + " body is empty");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Refusal(400, "parsing " + what + " body failed: " + e.getOriginalMessage());
    }
  }

  /** Labels from a JSON object of strings. */
  static Labels labels(JsonNode n, String field) throws Refusal {
    JsonNode o = n.get(field);
    if (o == null || o.isNull()) {
      return Labels.EMPTY;
    }
    if (!o.isObject()) {
      throw new Refusal(400, field + " must be an object of strings");
    }
    Labels.Builder b = new Labels.Builder();
    for (var it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new Refusal(400, field + "." + e.getKey() + " must be a string");
      }
      b.set(e.getKey(), e.getValue().asText());
    }
    return b.build();
  }

  static void labels(JsonGenerator g, String field, Labels l) throws IOException {
    g.writeObjectFieldStart(field);
    for (int i = 0; i < l.size(); i++) {
      g.writeStringField(l.name(i), l.value(i));
    }
    g.writeEndObject();
  }

  static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  static List<String> params(HttpServerExchange ex, String name) {
    Deque<String> q = ex.getQueryParameters().get(name);
    return q == null ? List.of() : new ArrayList<>(q);
  }

  /** A boolean parameter; absent is {@code dflt}. */
  static boolean bool(HttpServerExchange ex, String name, boolean dflt) throws Refusal {
    List<String> v = params(ex, name);
    if (v.isEmpty()) {
      return dflt;
    }
    return switch (v.get(0)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new Refusal(400, name + " in query must be of type boolean: \""
          + v.get(0) + "\"");
    };
  }

  /** The {@code filter} parameters as matchers. */
  static List<Matcher> filter(HttpServerExchange ex) throws Refusal {
    List<Matcher> out = new ArrayList<>();
    for (String f : params(ex, "filter")) {
      try {
        out.addAll(Matchers.parse(f));
      } catch (IllegalArgumentException e) {
        throw new Refusal(400, "bad matchers: " + e.getMessage());
      }
    }
    return out;
  }

  /** The {@code receiver} parameter as an anchored regular expression, or null. */
  static com.google.re2j.Pattern receiverRegex(HttpServerExchange ex) throws Refusal {
    List<String> v = params(ex, "receiver");
    if (v.isEmpty() || v.get(0).isEmpty()) {
      return null;
    }
    try {
      return com.google.re2j.Pattern.compile("^(?:" + v.get(0) + ")$");
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new Refusal(400, "failed to parse receiver param: " + e.getMessage());
    }
  }

  /**
   * Alertmanager's filter rule: each matcher must match the value; a matcher for an empty
   * value passes when the label is absent (positive) or present (negative).
   */
  static boolean matchesFilter(List<Matcher> matchers, Map<String, String> values) {
    for (Matcher m : matchers) {
      String v = values.get(m.name());
      boolean present = v != null;
      boolean negative = m.type() == Matcher.Type.NOT_EQUAL
          || m.type() == Matcher.Type.NOT_REGEX;
      if (m.value().isEmpty() && (negative ? present : !present)) {
        continue;
      }
      if (!m.matches(v == null ? "" : v)) {
        return false;
      }
    }
    return true;
  }

  static Map<String, String> map(Labels l) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < l.size(); i++) {
      m.put(l.name(i), l.value(i));
    }
    return m;
  }
}
