package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.vigil.agent.apps.JdbcApp;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** JDBC and HikariCP against the real PostgreSQL on 127.0.0.1:5432, on JDK 17 and 25. */
class JdbcInstrumentationIT {
  private static final String DURATION = "db_client_operation_duration_seconds_count";

  @ParameterizedTest(name = "JDK {0}")
  @MethodSource("dev.vigil.agent.ChildApp#javas")
  void statementsAndPool(String version) throws Exception {
    requirePostgres();
    try (ChildApp app = ChildApp.start(ChildApp.java(version), "", JdbcApp.class)) {
      Scraped s = app.scrape();
      String pg = "postgresql";
      assertThat(s.value(DURATION, "db_system_name", pg, "db_operation_name", "CREATE"))
          .isEqualTo(1.0);
      assertThat(s.value(DURATION, "db_system_name", pg, "db_operation_name", "INSERT"))
          .isEqualTo(3.0);
      assertThat(s.value(DURATION, "db_system_name", pg, "db_operation_name", "UPDATE"))
          .isEqualTo(2.0);
      assertThat(s.value(DURATION, "db_system_name", pg, "db_operation_name", "SELECT"))
          .isGreaterThanOrEqualTo(1.0);
      String pool = "vigil-test-pool";
      assertThat(s.value("db_client_connection_max", "pool_name", pool)).isEqualTo(4.0);
      assertThat(s.value("db_client_connection_count", "pool_name", pool, "state", "used"))
          .isEqualTo(1.0);
      assertThat(s.value("db_client_connection_count", "pool_name", pool, "state", "idle"))
          .isGreaterThanOrEqualTo(1.0);
      assertThat(s.value("db_client_connection_pending_requests", "pool_name", pool))
          .isEqualTo(0.0);
    }
  }

  static void requirePostgres() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 5432), 2000);
    } catch (Exception e) {
      String msg = "PostgreSQL is not reachable on 127.0.0.1:5432";
      if ("true".equals(System.getenv("CI"))) {
        fail(msg + ", and CI=true: CI must start it");
      }
      abort(msg + "; skipping");
    }
  }
}
