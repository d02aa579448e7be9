package dev.vigil.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CandidatesTest {
  private static final Candidates ALL =
      new Candidates(AgentConfig.load(null, Map.of(), Map.of(), w -> {}));

  @ParameterizedTest
  @CsvSource({
      "com/sun/net/httpserver/Filter$Chain, true",
      "com/sun/net/httpserver/Filter, false",
      "javax/servlet/http/HttpServlet, true",
      "jakarta/servlet/http/HttpServlet, true",
      "jakarta/servlet/GenericServlet, false",
      "io/undertow/server/Connectors, true",
      "io/undertow/server/HttpServerExchange, true",
      "jdk/internal/net/http/HttpClientImpl, true",
      "sun/net/www/protocol/http/HttpURLConnection, true",
      "okhttp3/internal/connection/RealCall, true",
      "com/zaxxer/hikari/pool/HikariPool, true",
      // JDBC drivers and pools, by the words in their names ...
      "org/postgresql/jdbc/PgStatement, true",
      "org/postgresql/jdbc/PgConnection, true",
      "com/zaxxer/hikari/pool/HikariProxyPreparedStatement, true",
      "org/mariadb/jdbc/Connection, true",
      // ... but not the JDK's many classes with those words, which nearly every application loads
      "sun/net/www/protocol/jar/JarURLConnection, false",
      "java/net/URLConnection, false",
      "sun/net/httpserver/HttpConnection, false",
      "java/sql/Statement, false",
      "javax/sql/PooledConnection, false",
      "jdk/internal/net/http/HttpConnection, false",
      "com/sun/rowset/JdbcRowSetImpl, false",
      // The agent's own classes, whatever their names
      "dev/vigil/agent/shaded/client/SomeConnection, false",
      "dev/vigil/agent/tooling/Statement, false",
      "java/lang/String, false",
      "org/example/Main, false",
  })
  void matchesByNameOnly(String internalName, boolean candidate) {
    assertThat(ALL.matches(internalName)).isEqualTo(candidate);
  }

  @Test
  void hiddenAndLambdaClassesWithoutANameAreNotCandidates() {
    assertThat(ALL.matches(null)).isFalse();
  }

  @Test
  void disabledInstrumentationsAreNotCandidates() {
    Candidates c = new Candidates(AgentConfig.load(
        "instrumentation.jdbc.enabled=false,instrumentation.httpserver.enabled=false",
        Map.of(), Map.of(), w -> {}));
    assertThat(c.matches("org/postgresql/jdbc/PgStatement")).isFalse();
    assertThat(c.matches("com/sun/net/httpserver/Filter$Chain")).isFalse();
    assertThat(c.matches("javax/servlet/http/HttpServlet")).isTrue();
    assertThat(c.count()).isEqualTo(6);
    assertThat(c.any()).isTrue();
  }

  @Test
  void allDisabledMeansNothingToWatch() {
    StringBuilder off = new StringBuilder();
    for (String name : AgentConfig.INSTRUMENTATIONS) {
      off.append("instrumentation.").append(name).append(".enabled=false,");
    }
    Candidates c = new Candidates(AgentConfig.load(off.toString(), Map.of(), Map.of(), w -> {}));
    assertThat(c.any()).isFalse();
    assertThat(c.matches("com/sun/net/httpserver/Filter$Chain")).isFalse();
  }
}
