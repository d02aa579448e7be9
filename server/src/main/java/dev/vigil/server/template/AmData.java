package dev.vigil.server.template;

import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.model.Labels;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Alertmanager's template data types (Data, Alerts, Alert, KV, Pairs) over NotificationData. */
final class AmData {
  private AmData() {}

  /** Values that know their JSON form, for toJson (Go's json.Marshal with struct tags). */
  interface JsonValue {
    Object jsonValue();
  }

  /** Alertmanager's template.Data. */
  record Data(NotificationData d, Alerts alerts) implements TemplateObject, JsonValue {
    static Data of(NotificationData d) {
      List<Alert> list = new ArrayList<>();
      for (NotificationData.AlertData a : d.alerts()) {
        list.add(new Alert(a));
      }
      return new Data(d, new Alerts(list));
    }

    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Receiver" -> quoteMeta(d.receiver());
        case "Status" -> d.status();
        case "Alerts" -> alerts;
        case "GroupLabels" -> new KV(d.groupLabels());
        case "CommonLabels" -> new KV(d.commonLabels());
        case "CommonAnnotations" -> new KV(d.commonAnnotations());
        case "ExternalURL" -> d.externalUrl();
        case "GroupKey" -> d.groupKey();
        default -> MISSING;
      };
    }

    @Override
    public String typeName() {
      return "*template.Data";
    }

    @Override
    public Object jsonValue() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("receiver", quoteMeta(d.receiver()));
      m.put("status", d.status());
      m.put("alerts", alerts);
      m.put("groupLabels", new KV(d.groupLabels()));
      m.put("commonLabels", new KV(d.commonLabels()));
      m.put("commonAnnotations", new KV(d.commonAnnotations()));
      m.put("externalURL", d.externalUrl());
      return m;
    }

    @Override
    public String toString() {
      return "&" + Fmt.formatV(jsonValue());
    }
  }

  /** Go's regexp.QuoteMeta: Alertmanager quotes the receiver name in template data. */
  static String quoteMeta(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** A list of alerts with the Firing and Resolved filters. */
  static final class Alerts extends AbstractList<Alert> implements TemplateObject {
    private final List<Alert> alerts;

    Alerts(List<Alert> alerts) {
      this.alerts = List.copyOf(alerts);
    }

    @Override
    public Alert get(int i) {
      return alerts.get(i);
    }

    @Override
    public int size() {
      return alerts.size();
    }

    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Firing" -> filter(false);
        case "Resolved" -> filter(true);
        default -> MISSING;
      };
    }

    private Alerts filter(boolean resolved) {
      List<Alert> out = new ArrayList<>();
      for (Alert a : alerts) {
        if (a.a.resolved() == resolved) {
          out.add(a);
        }
      }
      return new Alerts(out);
    }

    @Override
    public String typeName() {
      return "template.Alerts";
    }

    @Override
    public String toString() {
      return Fmt.formatV(new ArrayList<>(alerts));
    }
  }

  /** One alert. */
  static final class Alert implements TemplateObject, JsonValue {
    private final NotificationData.AlertData a;

    Alert(NotificationData.AlertData a) {
      this.a = a;
    }

    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Status" -> a.status();
        case "Labels" -> new KV(a.labels());
        case "Annotations" -> new KV(a.annotations());
        case "StartsAt" -> time(a.startsAtMillis());
        case "EndsAt" -> time(a.endsAtMillis());
        case "GeneratorURL" -> a.generatorUrl();
        case "Fingerprint" -> a.fingerprint();
        default -> MISSING;
      };
    }

    private static GoTime time(long millis) {
      return millis == 0 ? GoTime.ZERO_TIME : GoTime.ofEpochMillis(millis);
    }

    @Override
    public String typeName() {
      return "template.Alert";
    }

    @Override
    public Object jsonValue() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", a.status());
      m.put("labels", new KV(a.labels()));
      m.put("annotations", new KV(a.annotations()));
      m.put("startsAt", time(a.startsAtMillis()));
      m.put("endsAt", time(a.endsAtMillis()));
      m.put("generatorURL", a.generatorUrl());
      m.put("fingerprint", a.fingerprint());
      return m;
    }

    @Override
    public String toString() {
      return "{" + a.status() + " " + new KV(a.labels()) + " " + new KV(a.annotations()) + " "
          + time(a.startsAtMillis()) + " " + time(a.endsAtMillis()) + " " + a.generatorUrl() + " "
          + a.fingerprint() + "}";
    }
  }

  /** Alertmanager's KV: a string map with SortedPairs, Names, Values and Remove. */
  static final class KV extends AbstractMap<String, String> implements TemplateObject,
      StringMap {
    private final TreeMap<String, String> map = new TreeMap<>();

    KV(Labels labels) {
      if (labels != null) {
        for (int i = 0; i < labels.size(); i++) {
          map.put(labels.name(i), labels.value(i));
        }
      }
    }

    KV(Map<String, String> m) {
      map.putAll(m);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return java.util.Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public Object field(String name, List<Object> args) throws TemplateException {
      switch (name) {
        case "SortedPairs":
          return sortedPairs();
        case "Names":
          return sortedPairs().names();
        case "Values":
          return sortedPairs().values();
        case "Remove": {
          WrongArgs.want("Remove", args, 1);
          List<?> keys = Fmt.asList(args.get(0));
          if (keys == null) {
            throw new TemplateException("wrong type for value; expected []string; got "
                + Fmt.typeName(args.get(0)));
          }
          TreeMap<String, String> out = new TreeMap<>(map);
          for (Object k : keys) {
            out.remove(String.valueOf(k));
          }
          return new KV(out);
        }
        default:
          return MISSING;
      }
    }

    Pairs sortedPairs() {
      List<Pair> out = new ArrayList<>();
      for (Map.Entry<String, String> e : map.entrySet()) {
        out.add(new Pair(e.getKey(), e.getValue()));
      }
      return new Pairs(out);
    }

    @Override
    public String typeName() {
      return "template.KV";
    }

    @Override
    public String toString() {
      return Fmt.formatV(new TreeMap<>(map));
    }
  }

  /** Marker: a map whose missing keys index as the empty string (Go's map[string]string). */
  interface StringMap {}

  /** A name/value pair of SortedPairs. */
  record Pair(String name, String value) implements TemplateObject {
    @Override
    public Object field(String n, List<Object> args) {
      return switch (n) {
        case "Name" -> name;
        case "Value" -> value;
        default -> MISSING;
      };
    }

    @Override
    public String typeName() {
      return "template.Pair";
    }

    @Override
    public String toString() {
      return "{" + name + " " + value + "}";
    }
  }

  /** SortedPairs' result: a list with Names and Values. */
  static final class Pairs extends AbstractList<Pair> implements TemplateObject {
    private final List<Pair> pairs;

    Pairs(List<Pair> pairs) {
      this.pairs = List.copyOf(pairs);
    }

    @Override
    public Pair get(int i) {
      return pairs.get(i);
    }

    @Override
    public int size() {
      return pairs.size();
    }

    List<String> names() {
      return pairs.stream().map(Pair::name).toList();
    }

    List<String> values() {
      return pairs.stream().map(Pair::value).toList();
    }

    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Names" -> names();
        case "Values" -> values();
        default -> MISSING;
      };
    }

    @Override
    public String typeName() {
      return "template.Pairs";
    }

    @Override
    public String toString() {
      return Fmt.formatV(new ArrayList<>(pairs));
    }
  }
}
