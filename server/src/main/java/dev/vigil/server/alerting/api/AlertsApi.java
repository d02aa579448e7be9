package dev.vigil.server.alerting.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import dev.vigil.server.alerting.AmAlert;
import dev.vigil.server.alerting.Alertmanager;
import dev.vigil.server.alerting.Dispatcher;
import dev.vigil.server.alerting.config.AmConfig;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.web.WebServer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's API v2 for alerts, alert groups, receivers and status, with its JSON shapes and
 * status codes (openapi-v2.yaml). Silences are in {@link SilencesApi}.
 */
public final class AlertsApi {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsApi.class);
  /** Vigil's version, reported where Alertmanager reports its own. */
  static final String VERSION = "0.1.0";
  private static final java.util.regex.Pattern LABEL_NAME =
      java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Alertmanager am;

  private AlertsApi(Alertmanager am) {
    this.am = am;
  }

  /** Serves {@code /api/v2/...} on {@code b}. */
  public static void mount(Alertmanager am, WebServer.Builder b) {
    AlertsApi api = new AlertsApi(am);
    b.route("GET", "/api/v2/alerts", handler(api::getAlerts));
    b.route("POST", "/api/v2/alerts", handler(api::postAlerts));
    b.route("GET", "/api/v2/alerts/groups", handler(api::getGroups));
    b.route("GET", "/api/v2/receivers", handler(api::getReceivers));
    b.route("GET", "/api/v2/status", handler(api::getStatus));
    SilencesApi.mount(am, b);
  }

  /** What one endpoint does. */
  @FunctionalInterface
  interface Endpoint {
    void handle(HttpServerExchange ex) throws V2Json.Refusal, IOException;
  }

  static HttpHandler handler(Endpoint e) {
    return ex -> {
      try {
        e.handle(ex);
      } catch (V2Json.Refusal r) {
        V2Json.error(ex, r);
      } catch (RuntimeException | IOException t) {
        LOG.error("API request {} failed", ex.getRequestPath(), t);
        V2Json.error(ex, new V2Json.Refusal(500, String.valueOf(t.getMessage())));
      }
    };
  }

  /** The alert filters of GET /alerts and /alerts/groups. */
  private record Filter(boolean active, boolean silenced, boolean inhibited, boolean unprocessed,
      List<Matcher> matchers, Pattern receiver) {
    static Filter of(HttpServerExchange ex) throws V2Json.Refusal {
      return new Filter(V2Json.bool(ex, "active", true), V2Json.bool(ex, "silenced", true),
          V2Json.bool(ex, "inhibited", true), V2Json.bool(ex, "unprocessed", true),
          V2Json.filter(ex), V2Json.receiverRegex(ex));
    }

    boolean accepts(AmAlert a, Alertmanager.AlertStatus s, long now) {
      if (a.resolvedAt(now)) {
        return false;
      }
      if (!active && s.state().equals("active")) {
        return false;
      }
      if (!unprocessed && s.state().equals("unprocessed")) {
        return false;
      }
      if (!silenced && !s.silencedBy().isEmpty()) {
        return false;
      }
      if (!inhibited && !s.inhibitedBy().isEmpty()) {
        return false;
      }
      return V2Json.matchesFilter(matchers, V2Json.map(a.labels()));
    }
  }

  private void getAlerts(HttpServerExchange ex) throws V2Json.Refusal, IOException {
    Filter f = Filter.of(ex);
    long now = am.nowMillis();
    Alertmanager.Firing firing = am.firingAlerts();
    List<AmAlert> all = am.store().list();
    all.sort(Comparator.comparing(AmAlert::fingerprintHex));
    List<Object[]> out = new ArrayList<>();
    for (AmAlert a : all) {
      Alertmanager.AlertStatus s = am.status(a, firing);
      if (!f.accepts(a, s, now)) {
        continue;
      }
      List<String> receivers = am.receivers(a.labels());
      if (f.receiver() != null && receivers.stream().noneMatch(r -> f.receiver().matches(r))) {
        continue;
      }
      out.add(new Object[] {a, s, receivers});
    }
    V2Json.send(ex, 200, g -> {
      g.writeStartArray();
      for (Object[] o : out) {
        @SuppressWarnings("unchecked")
        List<String> receivers = (List<String>) o[2];
        writeAlert(g, (AmAlert) o[0], (Alertmanager.AlertStatus) o[1], receivers);
      }
      g.writeEndArray();
    });
  }

  /** A gettable alert, fields in Alertmanager's order. */
  static void writeAlert(JsonGenerator g, AmAlert a, Alertmanager.AlertStatus s,
      List<String> receivers) throws IOException {
    g.writeStartObject();
    V2Json.labels(g, "annotations", a.annotations());
    g.writeStringField("endsAt", V2Json.time(a.endsAtMillis()));
    g.writeStringField("fingerprint", a.fingerprintHex());
    g.writeArrayFieldStart("receivers");
    for (String r : receivers) {
      g.writeStartObject();
      g.writeStringField("name", r);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("startsAt", V2Json.time(a.startsAtMillis()));
    g.writeObjectFieldStart("status");
    V2Json.strings(g, "inhibitedBy", s.inhibitedBy());
    V2Json.strings(g, "mutedBy", s.mutedBy());
    V2Json.strings(g, "silencedBy", s.silencedBy());
    g.writeStringField("state", s.state());
    g.writeEndObject();
    g.writeStringField("updatedAt", V2Json.time(a.updatedAtMillis()));
    if (!a.generatorUrl().isEmpty()) {
      g.writeStringField("generatorURL", a.generatorUrl());
    }
    V2Json.labels(g, "labels", a.labels());
    g.writeEndObject();
  }

  private void postAlerts(HttpServerExchange ex) throws V2Json.Refusal, IOException {
    JsonNode body = V2Json.readBody(ex, "alerts");
    if (!body.isArray()) {
      throw new V2Json.Refusal(400, "alerts body must be a JSON array of alerts");
    }
    long now = am.nowMillis();
    long resolveTimeout = am.store().resolveTimeoutMillis();
    List<AmAlert> ok = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (JsonNode n : body) {
      if (!n.isObject()) {
        errors.add("each alert must be a JSON object");
        am.store().countInvalid();
        continue;
      }
      try {
        Labels labels = V2Json.labels(n, "labels");
        Labels annotations = V2Json.labels(n, "annotations");
        long starts = V2Json.parseTime(n, "startsAt");
        long ends = V2Json.parseTime(n, "endsAt");
        JsonNode gen = n.get("generatorURL");
        String problem = validate(labels, annotations);
        AmAlert a = problem != null ? null : AmAlert.received(new Alert(labels, annotations,
            starts, ends, gen == null || gen.isNull() ? "" : gen.asText()), now, resolveTimeout);
        if (a != null && a.endsAtMillis() < a.startsAtMillis()) {
          problem = "start time must be before end time";
        }
        if (problem != null) {
          errors.add(problem);
          am.store().countInvalid();
          continue;
        }
        ok.add(a);
      } catch (V2Json.Refusal r) {
        errors.add(r.getMessage());
        am.store().countInvalid();
      }
    }
    int refused = am.store().put(ok);
    if (refused > 0) {
      errors.add(refused + " alert(s) refused: the alert store is full");
    }
    if (!errors.isEmpty()) {
      throw new V2Json.Refusal(400, String.join("; ", errors));
    }
    ex.setStatusCode(200);
    ex.endExchange();
  }

  /** Alertmanager's label rules: at least one label, names [a-zA-Z_][a-zA-Z0-9_]*, values set. */
  static String validate(Labels labels, Labels annotations) {
    if (labels.isEmpty()) {
      return "at least one label pair required";
    }
    for (int i = 0; i < labels.size(); i++) {
      if (!LABEL_NAME.matcher(labels.name(i)).matches()) {
        return "invalid label set: invalid name \"" + labels.name(i) + "\"";
      }
    }
    for (int i = 0; i < annotations.size(); i++) {
      if (!LABEL_NAME.matcher(annotations.name(i)).matches()) {
        return "invalid annotations: invalid name \"" + annotations.name(i) + "\"";
      }
    }
    return null;
  }

  private void getGroups(HttpServerExchange ex) throws V2Json.Refusal, IOException {
    Filter f = Filter.of(ex);
    boolean muted = V2Json.bool(ex, "muted", true);
    long now = am.nowMillis();
    Alertmanager.Firing firing = am.firingAlerts();
    List<Object[]> out = new ArrayList<>();
    for (Dispatcher.GroupView gv : am.groups()) {
      String receiver = gv.route().receiver();
      if (f.receiver() != null && !f.receiver().matches(receiver)) {
        continue;
      }
      List<String> mutedBy = am.mutedBy(gv.route());
      List<Object[]> alerts = new ArrayList<>();
      boolean allMuted = true;
      List<AmAlert> sorted = new ArrayList<>(gv.alerts());
      sorted.sort(AlertsApi::compareAlerts);
      for (AmAlert a : sorted) {
        Alertmanager.AlertStatus s = am.status(a, firing);
        if (!mutedBy.isEmpty()) {
          s = new Alertmanager.AlertStatus("suppressed", s.silencedBy(), s.inhibitedBy(),
              mutedBy);
        }
        if (!f.accepts(a, s, now)) {
          continue;
        }
        allMuted &= s.state().equals("suppressed");
        alerts.add(new Object[] {a, s});
      }
      if (alerts.isEmpty() || (!muted && allMuted)) {
        continue;
      }
      out.add(new Object[] {gv, alerts});
    }
    V2Json.send(ex, 200, g -> {
      g.writeStartArray();
      for (Object[] o : out) {
        Dispatcher.GroupView gv = (Dispatcher.GroupView) o[0];
        @SuppressWarnings("unchecked")
        List<Object[]> alerts = (List<Object[]>) o[1];
        g.writeStartObject();
        g.writeArrayFieldStart("alerts");
        for (Object[] as : alerts) {
          AmAlert a = (AmAlert) as[0];
          writeAlert(g, a, (Alertmanager.AlertStatus) as[1], am.receivers(a.labels()));
        }
        g.writeEndArray();
        V2Json.labels(g, "labels", gv.labels());
        g.writeObjectFieldStart("receiver");
        g.writeStringField("name", gv.route().receiver());
        g.writeEndObject();
        // Routes carry no labels of their own in Vigil's configuration; the field is required.
        g.writeObjectFieldStart("routeLabels");
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  /** Alertmanager's alert order in groups: by job, then instance, then the labels. */
  static int compareAlerts(AmAlert x, AmAlert y) {
    for (String k : new String[] {"job", "instance"}) {
      String a = x.labels().get(k);
      String b = y.labels().get(k);
      if (a == null && b == null) {
        continue;
      }
      if (a == null) {
        return 1;
      }
      if (b == null) {
        return -1;
      }
      if (!a.equals(b)) {
        return a.compareTo(b);
      }
    }
    return x.labels().compareTo(y.labels());
  }

  private void getReceivers(HttpServerExchange ex) throws IOException {
    var names = am.receiverNames();
    V2Json.send(ex, 200, g -> {
      g.writeStartArray();
      for (String n : names) {
        g.writeStartObject();
        g.writeStringField("name", n);
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  private void getStatus(HttpServerExchange ex) throws IOException {
    AmConfig c = am.config();
    V2Json.send(ex, 200, g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("cluster");
      g.writeArrayFieldStart("peers");
      g.writeEndArray();
      g.writeStringField("status", "disabled");
      g.writeEndObject();
      g.writeObjectFieldStart("config");
      g.writeStringField("original", c == null ? "" : c.yaml());
      g.writeEndObject();
      g.writeStringField("uptime", V2Json.time(am.startMillis()));
      g.writeObjectFieldStart("versionInfo");
      g.writeStringField("branch", "main");
      g.writeStringField("buildDate", "");
      g.writeStringField("buildUser", "vigil");
      g.writeStringField("goVersion", "java" + Runtime.version().feature());
      g.writeStringField("revision", "vigil");
      g.writeStringField("version", VERSION);
      g.writeEndObject();
      g.writeEndObject();
    });
  }
}
