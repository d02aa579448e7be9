package dev.vigil.agent.tooling;

import dev.vigil.agent.bootstrap.Recorder;
import dev.vigil.client.core.Histogram;
import dev.vigil.client.model.Registry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * The metrics behind {@link Recorder}: OpenTelemetry's HTTP and database client semantic
 * conventions, written the way Prometheus names them.
 */
final class AgentMetrics implements Recorder {
  /** OpenTelemetry's advised buckets for http.*.request.duration, in seconds. */
  static final double[] HTTP_BUCKETS = {
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};
  /** OpenTelemetry's advised buckets for db.client.operation.duration, in seconds. */
  static final double[] DB_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};
  private static final String[] STATUS = new String[600];

  static {
    for (int i = 0; i < STATUS.length; i++) {
      STATUS[i] = Integer.toString(i);
    }
  }

  private final Histogram server;
  private final Histogram client;
  private final Histogram db;
  private final Routes.Limit routes;
  private final Routes.Limit hosts;
  private final Routes.Limit operations;
  // Weak keys: the statement or connection belongs to the application and may go at any time.
  // Synchronized maps are fine here: a JDBC call takes far longer than the lock.
  private final Map<Object, String> preparedOperation =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final Map<Object, String> connectionSystem =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final HikariPools pools;
  /** Test only: makes every server recording throw, to prove the advice contains it. */
  private final boolean failServer = "server".equals(System.getProperty("vigil.agent.test.fail"));

  AgentMetrics(Registry registry, int routesMax) {
    server = Histogram.builder().name("http_server_request_duration_seconds")
        .help("Duration of HTTP server requests.")
        .labelNames("http_request_method", "http_response_status_code", "http_route")
        .buckets(HTTP_BUCKETS).register(registry);
    client = Histogram.builder().name("http_client_request_duration_seconds")
        .help("Duration of HTTP client requests.")
        .labelNames("http_request_method", "http_response_status_code", "server_address")
        .buckets(HTTP_BUCKETS).register(registry);
    db = Histogram.builder().name("db_client_operation_duration_seconds")
        .help("Duration of database client operations.")
        .labelNames("db_system_name", "db_operation_name")
        .buckets(DB_BUCKETS).register(registry);
    routes = new Routes.Limit(routesMax);
    hosts = new Routes.Limit(routesMax);
    operations = new Routes.Limit(routesMax);
    pools = new HikariPools(registry);
  }

  @Override
  public void server(String method, int status, String route, boolean templated, long start) {
    if (failServer) {
      throw new IllegalStateException("forced by -Dvigil.agent.test.fail=server");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String r = routes.apply(templated ? route : Routes.collapse(route));
    server.labelValues(method(method), status(status), r).observe(seconds);
  }

  @Override
  public void client(String method, int status, String host, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    client.labelValues(method(method), status(status), hosts.apply(host == null ? "" : host))
        .observe(seconds);
  }

  @Override
  public void clientFuture(Object future, String method, String host, long start) {
    ((CompletableFuture<?>) future).whenComplete((response, error) -> {
      try {
        int status = response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode()
            : 0;
        client(method, status, host, start);
      } catch (Throwable t) {
        AgentLog.once("httpclient-callback", "recording a java.net.http request failed: " + t);
      }
    });
  }

  @Override
  public void db(Object statement, String sql, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    String operation = sql != null ? operation(sql) : preparedOperation.get(statement);
    if (operation == null) {
      operation = "";
    }
    db.labelValues(system((Statement) statement), operations.apply(operation)).observe(seconds);
  }

  @Override
  public void prepared(Object statement, String sql) {
    if (statement != null && sql != null) {
      preparedOperation.put(statement, operation(sql));
    }
  }

  @Override
  public void hikariPool(Object pool) {
    pools.add(pool);
  }

  /** The first SQL keyword, upper case: SELECT, INSERT, ... (OTel's db.operation.name). */
  static String operation(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == '(')) {
      i++;
    }
    int start = i;
    while (i < n && i - start < 32 && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(start, i).toUpperCase(Locale.ROOT);
  }

  /** db.system.name from the JDBC URL's subprotocol (jdbc:postgresql:...), once per connection. */
  private String system(Statement statement) {
    Connection c;
    try {
      c = statement.getConnection();
    } catch (Exception e) {
      return "";
    }
    if (c == null) {
      return "";
    }
    String s = connectionSystem.get(c);
    if (s == null) {
      s = systemOf(c);
      connectionSystem.put(c, s);
    }
    return s;
  }

  private static String systemOf(Connection c) {
    try {
      String url = c.getMetaData().getURL();
      if (url != null && url.startsWith("jdbc:")) {
        int end = url.indexOf(':', 5);
        String sub = url.substring(5, end > 0 ? end : url.length()).toLowerCase(Locale.ROOT);
        // OpenTelemetry's db.system.name values for the common drivers.
        switch (sub) {
          case "sqlserver": return "microsoft.sql_server";
          case "db2": return "ibm.db2";
          case "oracle": return "oracle.db";
          default: return sub;
        }
      }
    } catch (Exception e) {
      // fall through: unknown system
    }
    return "other_sql";
  }

  private static String status(int status) {
    return status >= 0 && status < STATUS.length ? STATUS[status] : "";
  }

  /** The known methods as they are, anything else as _OTHER (bounded, as OTel does). */
  private static String method(String m) {
    if (m == null) {
      return "_OTHER";
    }
    switch (m) {
      case "GET":
      case "POST":
      case "PUT":
      case "DELETE":
      case "HEAD":
      case "OPTIONS":
      case "PATCH":
      case "CONNECT":
      case "TRACE":
        return m;
      default:
        return "_OTHER";
    }
  }
}
