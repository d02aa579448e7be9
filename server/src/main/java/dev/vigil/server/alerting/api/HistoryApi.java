package dev.vigil.server.alerting.api;

import dev.vigil.server.alerting.NotificationHistory;
import dev.vigil.server.api.ApiException;
import dev.vigil.server.api.ApiJson;
import dev.vigil.server.api.ApiRequest;
import dev.vigil.server.api.ApiResponse;
import dev.vigil.server.web.WebServer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /api/vigil/v1/notifications?receiver=&since=&limit=}: the notification attempts,
 * newest first, in Prometheus's envelope. {@code since} is RFC 3339 or Unix seconds.
 */
public final class HistoryApi {
  private HistoryApi() {}

  public static void mount(NotificationHistory history, WebServer.Builder b) {
    b.get("/api/vigil/v1/notifications", ApiJson.handler(r -> list(history, r)));
  }

  static ApiResponse list(NotificationHistory history, ApiRequest r) throws ApiException {
    long since = since(r.get("since"));
    int limit = 0;
    if (!r.get("limit").isEmpty()) {
      try {
        limit = Integer.parseInt(r.get("limit"));
      } catch (NumberFormatException e) {
        throw ApiException.invalidParam("limit", "not an integer: \"" + r.get("limit") + "\"");
      }
      if (limit < 0) {
        throw ApiException.invalidParam("limit", "must not be negative");
      }
    }
    List<NotificationHistory.Attempt> attempts = history.list(r.get("receiver"), since, limit);
    return ApiResponse.of(g -> {
      g.writeStartArray();
      for (NotificationHistory.Attempt a : attempts) {
        g.writeStartObject();
        g.writeStringField("time", V2Json.time(a.timeMillis()));
        g.writeStringField("receiver", a.receiver());
        g.writeStringField("integration", a.integration());
        g.writeNumberField("index", a.index());
        g.writeStringField("groupKey", a.groupKey());
        g.writeArrayFieldStart("alerts");
        for (int i = 0; i < a.fingerprints().size(); i++) {
          g.writeStartObject();
          g.writeStringField("fingerprint", a.fingerprints().get(i));
          g.writeStringField("alertname", a.alertnames().get(i));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("status", a.status());
        g.writeStringField("result", a.ok() ? "ok" : "failed");
        g.writeStringField("error", a.error());
        g.writeNumberField("attempt", a.attempt());
        g.writeNumberField("durationSeconds", a.durationMillis() / 1000.0);
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  private static long since(String s) throws ApiException {
    if (s.isEmpty()) {
      return Long.MIN_VALUE;
    }
    try {
      return (long) (Double.parseDouble(s) * 1000);
    } catch (NumberFormatException e) {
      try {
        return OffsetDateTime.parse(s).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw ApiException.invalidParam("since", "cannot parse \"" + s
            + "\" to a valid timestamp");
      }
    }
  }
}
