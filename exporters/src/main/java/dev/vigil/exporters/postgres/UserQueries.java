package dev.vigil.exporters.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.exporters.common.Families;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User-defined queries in postgres_exporter's queries.yaml format:
 * <pre>
 * pg_replication:                # namespace: metric names are namespace_column
 *   query: "SELECT ..."
 *   master: true                 # run on the main database only, not discovered ones
 *   cache_seconds: 30            # reuse the result this long
 *   metrics:
 *     - lag: {usage: GAUGE, description: "..."}   # LABEL, DISCARD, COUNTER, GAUGE, DURATION
 * </pre>
 */
final class UserQueries {
  private static final Logger LOG = LoggerFactory.getLogger(UserQueries.class);

  enum Usage { LABEL, DISCARD, COUNTER, GAUGE, DURATION, MAPPEDMETRIC }

  record Column(String name, Usage usage, String description) {}

  record Query(String namespace, String sql, boolean master, long cacheSeconds,
      List<Column> columns) {}

  final List<Query> queries;

  UserQueries(List<Query> queries) {
    this.queries = List.copyOf(queries);
  }

  static UserQueries load(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read --extend.query-path " + file + ": " + e.getMessage(), e);
    }
    List<Query> out = new ArrayList<>();
    if (root == null || !root.isObject()) {
      return new UserQueries(out);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode q = e.getValue();
      String where = file + ": " + e.getKey();
      if (!q.hasNonNull("query")) {
        throw new IOException(where + ": missing \"query\"");
      }
      List<Column> cols = new ArrayList<>();
      for (JsonNode m : q.path("metrics")) {
        for (Iterator<Map.Entry<String, JsonNode>> ci = m.fields(); ci.hasNext(); ) {
          Map.Entry<String, JsonNode> c = ci.next();
          String usage = c.getValue().path("usage").asText("");
          Usage u;
          try {
            u = Usage.valueOf(usage.toUpperCase());
          } catch (IllegalArgumentException ex) {
            throw new IOException(where + "." + c.getKey() + ": unknown usage \"" + usage
                + "\" (LABEL, DISCARD, COUNTER, GAUGE, DURATION, MAPPEDMETRIC)");
          }
          cols.add(new Column(c.getKey(), u, c.getValue().path("description").asText("")));
        }
      }
      out.add(new Query(e.getKey(), q.get("query").asText(), q.path("master").asBoolean(false),
          q.path("cache_seconds").asLong(0), cols));
    }
    return new UserQueries(out);
  }

  /** Cached results per query and database (key: namespace + DSN). */
  private final Map<String, Object[]> cache = new ConcurrentHashMap<>();

  /** Runs the queries on {@code db}; {@code main} is false on an auto-discovered database. */
  void collect(Instance db, boolean main, Families out) {
    for (Query q : queries) {
      if (q.master && !main) {
        continue;
      }
      String key = q.namespace + "\u0000" + db.dsn;
      Object[] hit = cache.get(key);
      List<Object[]> rows;
      if (hit != null && System.nanoTime() - (long) hit[0] < q.cacheSeconds * 1_000_000_000L) {
        @SuppressWarnings("unchecked")
        List<Object[]> cached = (List<Object[]>) hit[1];
        rows = cached;
      } else {
        try {
          rows = run(db, q);
        } catch (SQLException e) {
          LOG.warn("query {} on {} failed: {}", q.namespace, db.dsn, e.getMessage());
          continue;
        }
        if (q.cacheSeconds > 0) {
          cache.put(key, new Object[] {System.nanoTime(), rows});
        }
      }
      for (Object[] r : rows) {
        String kind = (String) r[0];
        String name = (String) r[1];
        String help = (String) r[2];
        double v = (double) r[3];
        String[] labels = (String[]) r[4];
        switch (kind) {
          case "counter" -> out.counter(name, help, v, labels);
          case "untyped" -> out.untyped(name, help, v, labels);
          default -> out.gauge(name, help, v, labels);
        }
      }
    }
  }

  /** Rows as {kind, name, help, value, labels}, so a cached result is replayed as is. */
  private static List<Object[]> run(Instance db, Query q) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    db.query(q.sql, rs -> {
      ResultSetMetaData md = rs.getMetaData();
      List<String> labels = new ArrayList<>();
      for (Column c : q.columns) {
        if (c.usage == Usage.LABEL) {
          String v = rs.getString(c.name);
          labels.add(c.name);
          labels.add(v == null ? "" : v);
        }
      }
      labels.add("server");
      labels.add(db.dsn.server());
      String[] l = labels.toArray(new String[0]);
      for (Column c : q.columns) {
        String name = q.namespace + "_" + c.name;
        switch (c.usage) {
          case COUNTER -> rows.add(new Object[] {name.endsWith("_total") ? "counter" : "untyped",
              name, c.description, value(rs, md, c.name), l});
          case GAUGE -> rows.add(new Object[] {"gauge", name, c.description,
              value(rs, md, c.name), l});
          case DURATION -> rows.add(new Object[] {"gauge", name + "_milliseconds",
              c.description, value(rs, md, c.name), l});
          default -> { }
        }
      }
    });
    return rows;
  }

  private static double value(ResultSet rs, ResultSetMetaData md, String col)
      throws SQLException {
    for (int i = 1; i <= md.getColumnCount(); i++) {
      if (md.getColumnLabel(i).equals(col)) {
        return Builtins.number(rs, i);
      }
    }
    throw new SQLException("column " + col + " is not in the query's result");
  }
}
