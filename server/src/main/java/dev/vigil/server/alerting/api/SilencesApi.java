package dev.vigil.server.alerting.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.alerting.Alertmanager;
import dev.vigil.server.alerting.Silence;
import dev.vigil.server.alerting.Silences;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.web.WebServer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Alertmanager's API v2 for silences: list, create or update, get, expire. */
final class SilencesApi {
  private final Alertmanager am;

  private SilencesApi(Alertmanager am) {
    this.am = am;
  }

  static void mount(Alertmanager am, WebServer.Builder b) {
    SilencesApi api = new SilencesApi(am);
    b.route("GET", "/api/v2/silences", AlertsApi.handler(api::list));
    b.route("POST", "/api/v2/silences", AlertsApi.handler(api::post));
    b.route("GET", "/api/v2/silence/{silenceID}", AlertsApi.handler(api::get));
    b.route("DELETE", "/api/v2/silence/{silenceID}", AlertsApi.handler(api::delete));
  }

  private Silences silences() {
    return am.silences();
  }

  private void list(HttpServerExchange ex) throws V2Json.Refusal, IOException {
    List<Matcher> filter = V2Json.filter(ex);
    boolean active = V2Json.bool(ex, "active", true);
    boolean pending = V2Json.bool(ex, "pending", true);
    boolean expired = V2Json.bool(ex, "expired", true);
    long now = am.nowMillis();
    List<Silence> out = new ArrayList<>();
    for (Silence s : silences().list()) {
      String state = s.state(now);
      if ((!active && state.equals("active")) || (!pending && state.equals("pending"))
          || (!expired && state.equals("expired"))) {
        continue;
      }
      Map<String, String> values = new HashMap<>();
      for (Matcher m : s.matchers()) {
        values.put(m.name(), m.value());
      }
      if (V2Json.matchesFilter(filter, values)) {
        out.add(s);
      }
    }
    out.sort(order(now));
    V2Json.send(ex, 200, g -> {
      g.writeStartArray();
      for (Silence s : out) {
        write(g, s, now);
      }
      g.writeEndArray();
    });
  }

  /** Alertmanager's order: active by end, then pending by start, then expired, latest first. */
  static Comparator<Silence> order(long now) {
    return Comparator.<Silence>comparingInt(s -> switch (s.state(now)) {
      case "active" -> 0;
      case "pending" -> 1;
      default -> 2;
    }).thenComparingLong(s -> switch (s.state(now)) {
      case "active" -> s.endsAtMillis();
      case "pending" -> s.startsAtMillis();
      default -> -s.endsAtMillis();
    });
  }

  static void write(JsonGenerator g, Silence s, long now) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", s.id());
    g.writeObjectFieldStart("status");
    g.writeStringField("state", s.state(now));
    g.writeEndObject();
    g.writeStringField("updatedAt", V2Json.time(s.updatedAtMillis()));
    g.writeStringField("comment", s.comment());
    g.writeStringField("createdBy", s.createdBy());
    g.writeStringField("endsAt", V2Json.time(s.endsAtMillis()));
    g.writeArrayFieldStart("matchers");
    for (Matcher m : s.matchers()) {
      g.writeStartObject();
      g.writeBooleanField("isEqual", m.type() == Matcher.Type.EQUAL
          || m.type() == Matcher.Type.REGEX);
      g.writeBooleanField("isRegex", m.type() == Matcher.Type.REGEX
          || m.type() == Matcher.Type.NOT_REGEX);
      g.writeStringField("name", m.name());
      g.writeStringField("value", m.value());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("startsAt", V2Json.time(s.startsAtMillis()));
    g.writeEndObject();
  }

  private void post(HttpServerExchange ex) throws V2Json.Refusal, IOException {
    JsonNode n = V2Json.readBody(ex, "silence");
    if (!n.isObject()) {
      throw new V2Json.Refusal(400, "silence body must be a JSON object");
    }
    JsonNode ms = n.get("matchers");
    if (ms == null || !ms.isArray() || ms.isEmpty()) {
      throw new V2Json.Refusal(400, "matchers in body should have at least 1 items");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (JsonNode m : ms) {
      JsonNode name = m.get("name");
      JsonNode value = m.get("value");
      JsonNode isRegex = m.get("isRegex");
      if (name == null || !name.isTextual() || value == null || !value.isTextual()
          || isRegex == null || !isRegex.isBoolean()) {
        throw new V2Json.Refusal(400, "each matcher needs name, value (strings) and isRegex");
      }
      boolean regex = isRegex.asBoolean();
      boolean equal = m.path("isEqual").asBoolean(true);
      Matcher.Type t = regex ? (equal ? Matcher.Type.REGEX : Matcher.Type.NOT_REGEX)
          : (equal ? Matcher.Type.EQUAL : Matcher.Type.NOT_EQUAL);
      try {
        matchers.add(Matcher.of(t, name.asText(), value.asText()));
      } catch (IllegalArgumentException e) {
        throw new V2Json.Refusal(400, "invalid silence: " + e.getMessage());
      }
    }
    long now = am.nowMillis();
    long starts = V2Json.parseTime(n, "startsAt");
    long ends = V2Json.parseTime(n, "endsAt");
    if (starts == 0 || ends == 0) {
      throw new V2Json.Refusal(400, "startsAt and endsAt are required");
    }
    if (starts >= ends) {
      throw new V2Json.Refusal(400, "failed to create silence: start time must be before end "
          + "time");
    }
    if (ends < now) {
      throw new V2Json.Refusal(400, "failed to create silence: end time can't be in the past");
    }
    String id = n.path("id").asText("");
    if (!id.isEmpty() && silences().get(id) == null) {
      throw new V2Json.Refusal(404, "silence not found");
    }
    Silence s = new Silence(id, matchers, Math.max(starts, now), ends, now,
        n.path("createdBy").asText(""), n.path("comment").asText(""));
    String newId;
    try {
      newId = silences().set(s);
    } catch (IllegalArgumentException e) {
      throw new V2Json.Refusal(400, e.getMessage());
    }
    am.silencesChanged();
    V2Json.send(ex, 200, g -> {
      g.writeStartObject();
      g.writeStringField("silenceID", newId);
      g.writeEndObject();
    });
  }

  private static String id(HttpServerExchange ex) {
    PathTemplateMatch m = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    return m == null ? "" : m.getParameters().getOrDefault("silenceID", "");
  }

  private void get(HttpServerExchange ex) throws V2Json.Refusal, IOException {
    Silence s = silences().get(id(ex));
    if (s == null) {
      throw new V2Json.Refusal(404, null);
    }
    long now = am.nowMillis();
    V2Json.send(ex, 200, g -> write(g, s, now));
  }

  private void delete(HttpServerExchange ex) throws V2Json.Refusal, IOException {
    String id = id(ex);
    if (silences().get(id) == null) {
      throw new V2Json.Refusal(404, "silence not found");
    }
    try {
      silences().expire(id);
    } catch (IllegalArgumentException e) {
      throw new V2Json.Refusal(500, e.getMessage());
    }
    am.silencesChanged();
    ex.setStatusCode(200);
    ex.endExchange();
  }
}
