package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.rules.AlertView;
import dev.vigil.server.rules.AlertingRule;
import dev.vigil.server.rules.GoFloats;
import dev.vigil.server.rules.RecordingRule;
import dev.vigil.server.rules.Rule;
import dev.vigil.server.rules.RuleGroup;
import dev.vigil.server.rules.RuleManager;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /api/v1/rules} and {@code GET /api/v1/alerts} in Prometheus's JSON shapes, with the
 * rules endpoint's filters ({@code type}, {@code rule_name[]}, {@code rule_group[]},
 * {@code file[]}, {@code match[]}, {@code exclude_alerts}) and pagination ({@code group_limit},
 * {@code group_next_token}). Reads the manager's current groups once per request.
 */
public final class RulesApi {
  private static final String NEVER = "0001-01-01T00:00:00Z";
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private final RuleManager rules;
  private final Function<String, List<Matcher>> selectors;

  /** @param selectors parses a {@code match[]} selector; throws IllegalArgumentException */
  public RulesApi(RuleManager rules, Function<String, List<Matcher>> selectors) {
    this.rules = rules;
    this.selectors = selectors;
  }

  public ApiResponse rules(ApiRequest r) throws ApiException {
    String type = r.get("type");
    if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
      throw ApiException.invalidParam("type", "not supported value \"" + type + "\"");
    }
    boolean alerts = !type.equals("record");
    boolean records = !type.equals("alert");
    boolean excludeAlerts = parseBool(r.get("exclude_alerts"), "exclude_alerts");
    Set<String> names = nonEmpty(r.all("rule_name[]"));
    Set<String> groupNames = nonEmpty(r.all("rule_group[]"));
    Set<String> files = nonEmpty(r.all("file[]"));
    List<Matcher[]> matchers = ApiParams.matchers(r, selectors);
    String limitText = r.get("group_limit");
    String token = r.get("group_next_token");
    if (!token.isEmpty() && limitText.isEmpty()) {
      throw ApiException.invalidParam("group_next_token",
          "group_limit needs to be present in order to paginate over the groups");
    }
    int limit = -1;
    if (!limitText.isEmpty()) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        throw ApiException.invalidParam("group_limit", "group_limit needs to be a valid number: "
            + "strconv.ParseInt: parsing \"" + limitText + "\": invalid syntax");
      }
      if (limit <= 0) {
        throw ApiException.invalidParam("group_limit", "group_limit needs to be greater than 0");
      }
    }
    boolean ruleFilter = !names.isEmpty() || !matchers.isEmpty() || !type.isEmpty();

    List<RuleGroup> page = new ArrayList<>();
    List<List<Rule>> pageRules = new ArrayList<>();
    String nextToken = null;
    boolean found = token.isEmpty();
    for (RuleGroup g : rules.groups()) {
      if (!found) {
        found = token(g).equals(token);
        if (!found) {
          continue;
        }
      }
      if ((!groupNames.isEmpty() && !groupNames.contains(g.name()))
          || (!files.isEmpty() && !files.contains(g.file()))) {
        continue;
      }
      List<Rule> kept = new ArrayList<>();
      for (Rule rule : g.rules()) {
        boolean isAlert = rule instanceof AlertingRule;
        if ((isAlert && !alerts) || (!isAlert && !records)
            || (!names.isEmpty() && !names.contains(rule.name()))
            || (!matchers.isEmpty() && !matches(matchers, rule.labels()))) {
          continue;
        }
        kept.add(rule);
      }
      if (ruleFilter && kept.isEmpty()) {
        continue;
      }
      if (limit > 0 && page.size() == limit) {
        nextToken = token(g);
        break;
      }
      page.add(g);
      pageRules.add(kept);
    }
    if (!found) {
      throw ApiException.invalidParam("group_next_token", "invalid group_next_token \""
          + token + "\": no rule group has it");
    }
    String next = nextToken;
    return ApiResponse.of(gen -> {
      gen.writeStartObject();
      gen.writeArrayFieldStart("groups");
      for (int i = 0; i < page.size(); i++) {
        group(gen, page.get(i), pageRules.get(i), excludeAlerts);
      }
      gen.writeEndArray();
      if (next != null) {
        gen.writeStringField("groupNextToken", next);
      }
      gen.writeEndObject();
    });
  }

  public ApiResponse alerts(ApiRequest r) {
    List<AlertView> active = new ArrayList<>();
    for (AlertingRule rule : rules.alertingRules()) {
      active.addAll(rule.activeAlerts());
    }
    return ApiResponse.of(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("alerts");
      for (AlertView a : active) {
        alert(g, a);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void group(JsonGenerator g, RuleGroup group, List<Rule> kept,
      boolean excludeAlerts) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", group.name());
    g.writeStringField("file", group.file());
    g.writeArrayFieldStart("rules");
    for (Rule r : kept) {
      if (r instanceof AlertingRule ar) {
        alertingRule(g, ar, excludeAlerts);
      } else {
        recordingRule(g, (RecordingRule) r);
      }
    }
    g.writeEndArray();
    g.writeFieldName("interval");
    g.writeRawValue(goFloat(group.interval().toMillis() / 1000.0));
    g.writeNumberField("limit", group.limit());
    g.writeFieldName("evaluationTime");
    g.writeRawValue(goFloat(group.evaluationSeconds()));
    g.writeStringField("lastEvaluation", group.evaluated()
        ? time(group.lastEvaluationMillis()) : NEVER);
    g.writeEndObject();
  }

  private static void alertingRule(JsonGenerator g, AlertingRule r, boolean excludeAlerts)
      throws IOException {
    List<AlertView> active = excludeAlerts ? null : r.activeAlerts();
    g.writeStartObject();
    g.writeStringField("state", r.state().text());
    g.writeStringField("name", r.name());
    g.writeStringField("query", r.query());
    g.writeFieldName("duration");
    g.writeRawValue(goFloat(r.holdMillis() / 1000.0));
    g.writeFieldName("keepFiringFor");
    g.writeRawValue(goFloat(r.keepFiringForMillis() / 1000.0));
    g.writeFieldName("labels");
    ApiJson.labels(g, r.labels());
    g.writeFieldName("annotations");
    ApiJson.labels(g, r.annotations());
    g.writeFieldName("alerts");
    if (active == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (AlertView a : active) {
        alert(g, a);
      }
      g.writeEndArray();
    }
    health(g, r);
    g.writeStringField("type", "alerting");
    g.writeEndObject();
  }

  private static void recordingRule(JsonGenerator g, RecordingRule r) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", r.name());
    g.writeStringField("query", r.query());
    if (!r.labels().isEmpty()) {
      g.writeFieldName("labels");
      ApiJson.labels(g, r.labels());
    }
    health(g, r);
    g.writeStringField("type", "recording");
    g.writeEndObject();
  }

  private static void health(JsonGenerator g, Rule r) throws IOException {
    g.writeStringField("health", r.health());
    if (!r.lastError().isEmpty()) {
      g.writeStringField("lastError", r.lastError());
    }
    g.writeFieldName("evaluationTime");
    g.writeRawValue(goFloat(r.evaluationSeconds()));
    g.writeStringField("lastEvaluation", r.evaluated() ? time(r.lastEvaluationMillis()) : NEVER);
  }

  private static void alert(JsonGenerator g, AlertView a) throws IOException {
    g.writeStartObject();
    g.writeFieldName("labels");
    ApiJson.labels(g, a.labels());
    g.writeFieldName("annotations");
    ApiJson.labels(g, a.annotations());
    g.writeStringField("state", a.state().text());
    g.writeStringField("activeAt", time(a.activeAt()));
    if (a.keepFiringSince() != AlertView.NONE) {
      g.writeStringField("keepFiringSince", time(a.keepFiringSince()));
    }
    g.writeStringField("value", goExponent(a.value()));
    g.writeEndObject();
  }

  private static boolean matches(List<Matcher[]> sets, Labels labels) {
    for (Matcher[] set : sets) {
      boolean all = true;
      for (Matcher m : set) {
        all &= m.matches(labels);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> nonEmpty(List<String> values) {
    Set<String> out = new HashSet<>();
    for (String v : values) {
      if (!v.isEmpty()) {
        out.add(v);
      }
    }
    return out;
  }

  /** Go's strconv.ParseBool; empty is false. */
  private static boolean parseBool(String s, String param) throws ApiException {
    switch (s) {
      case "", "0", "f", "F", "false", "FALSE", "False":
        return false;
      case "1", "t", "T", "true", "TRUE", "True":
        return true;
      default:
        throw ApiException.invalidParam(param, "error converting " + param
            + ": strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
    }
  }

  /** The pagination token of a group: a hash of its file and name. */
  static String token(RuleGroup g) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha.digest((g.file() + ";" + g.name())
          .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 3339 in UTC with the fraction trimmed, as Go's RFC3339Nano writes it. */
  static String time(long millis) {
    Instant i = Instant.ofEpochMilli(millis);
    String s = SECONDS.format(i);
    int ms = (int) Math.floorMod(millis, 1000L);
    if (ms == 0) {
      return s + "Z";
    }
    String frac = String.format("%03d", ms);
    while (frac.endsWith("0")) {
      frac = frac.substring(0, frac.length() - 1);
    }
    return s + "." + frac + "Z";
  }

  /** A number as Go's encoding/json writes a float64: 60, 0.5, 1.5e-7, 1e+21. */
  static String goFloat(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e21) {
      return Long.toString((long) v);
    }
    double abs = Math.abs(v);
    if (abs >= 1e-6 && abs < 1e21) {
      return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
    String e = goExponent(v);
    // encoding/json shortens a two-digit negative exponent: e-07 becomes e-7.
    return e.replace("e-0", "e-");
  }

  /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: 1e+00, 2.5e-01, NaN, +Inf. */
  static String goExponent(double v) {
    return GoFloats.exponent(v);
  }
}
