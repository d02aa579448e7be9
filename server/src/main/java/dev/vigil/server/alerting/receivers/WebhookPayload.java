package dev.vigil.server.alerting.receivers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.alerting.NotificationData.AlertData;
import dev.vigil.server.model.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Alertmanager's webhook message, version 4: the template data's fields in Go's struct order,
 * then version, groupKey and truncatedAlerts. Times as Go marshals a UTC {@code time.Time}.
 */
final class WebhookPayload {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  /** Go's zero time, which Alertmanager prints for an unset end. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private WebhookPayload() {}

  /** @param maxAlerts 0 for all; otherwise the first maxAlerts alerts, the rest counted */
  static byte[] encode(NotificationData d, int maxAlerts) {
    List<AlertData> alerts = d.alerts();
    int truncated = d.truncatedAlerts();
    if (maxAlerts > 0 && alerts.size() > maxAlerts) {
      truncated += alerts.size() - maxAlerts;
      alerts = alerts.subList(0, maxAlerts);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + 512 * alerts.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("receiver", d.receiver());
      g.writeStringField("status", d.status());
      g.writeArrayFieldStart("alerts");
      for (AlertData a : alerts) {
        g.writeStartObject();
        g.writeStringField("status", a.status());
        kv(g, "labels", a.labels());
        kv(g, "annotations", a.annotations());
        g.writeStringField("startsAt", goTime(a.startsAtMillis()));
        g.writeStringField("endsAt", goTime(a.endsAtMillis()));
        g.writeStringField("generatorURL", a.generatorUrl());
        g.writeStringField("fingerprint", a.fingerprint());
        g.writeEndObject();
      }
      g.writeEndArray();
      kv(g, "groupLabels", d.groupLabels());
      kv(g, "commonLabels", d.commonLabels());
      kv(g, "commonAnnotations", d.commonAnnotations());
      g.writeStringField("externalURL", d.externalUrl());
      g.writeStringField("version", "4");
      g.writeStringField("groupKey", d.groupKey());
      g.writeNumberField("truncatedAlerts", truncated);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return out.toByteArray();
  }

  /** Go's RFC3339Nano for a UTC time: fraction without trailing zeros; 0 is Go's zero time. */
  static String goTime(long millis) {
    if (millis == 0) {
      return ZERO_TIME;
    }
    Instant t = Instant.ofEpochMilli(millis);
    StringBuilder sb = new StringBuilder(SECONDS.format(t));
    int ms = (int) Math.floorMod(millis, 1000L);
    if (ms != 0) {
      String frac = String.format("%03d", ms);
      while (frac.endsWith("0")) {
        frac = frac.substring(0, frac.length() - 1);
      }
      sb.append('.').append(frac);
    }
    return sb.append('Z').toString();
  }

  private static void kv(JsonGenerator g, String field, Labels l) throws IOException {
    g.writeObjectFieldStart(field);
    for (int i = 0; i < l.size(); i++) {
      g.writeStringField(l.name(i), l.value(i));
    }
    g.writeEndObject();
  }
}
