package dev.vigil.server.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Alertmanager API v2's {@code postableAlerts} body, as Prometheus posts it. */
final class AlertsJson {
  private static final JsonFactory JSON = new JsonFactory();
  // Prometheus sends go-openapi's strfmt.DateTime: milliseconds, UTC.
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AlertsJson() {}

  static byte[] encode(List<Alert> alerts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * alerts.size() + 2);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (Alert a : alerts) {
        g.writeStartObject();
        if (a.startsAtMillis() != 0) {
          g.writeStringField("startsAt", time(a.startsAtMillis()));
        }
        if (a.endsAtMillis() != 0) {
          g.writeStringField("endsAt", time(a.endsAtMillis()));
        }
        g.writeObjectFieldStart("labels");
        labels(g, a.labels());
        g.writeEndObject();
        g.writeObjectFieldStart("annotations");
        labels(g, a.annotations());
        g.writeEndObject();
        if (!a.generatorUrl().isEmpty()) {
          g.writeStringField("generatorURL", a.generatorUrl());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return out.toByteArray();
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  private static void labels(JsonGenerator g, Labels l) throws IOException {
    for (int i = 0; i < l.size(); i++) {
      g.writeStringField(l.name(i), l.value(i));
    }
  }
}
