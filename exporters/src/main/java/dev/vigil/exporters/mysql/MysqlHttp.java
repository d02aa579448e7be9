package dev.vigil.exporters.mysql;

import dev.vigil.client.model.Registry;
import dev.vigil.exporters.common.ExporterHttp;
import dev.vigil.exporters.common.Listen;
import java.io.IOException;

/**
 * The exporter's endpoints: {@code /metrics} (the DSN's instance) and
 * {@code /probe?target=…[&auth_module=…]} (any instance, as newer mysqld_exporter and
 * blackbox_exporter do).
 */
final class MysqlHttp implements AutoCloseable {
  private final ExporterHttp http;

  MysqlHttp(Listen listenAddress, Registry metrics, MysqlTargets targets) throws IOException {
    http = new ExporterHttp("mysql", listenAddress, "/metrics", metrics, "/probe", q -> {
      Registry one = new Registry();
      one.register(targets.instance(q.get("target"), q.get("auth_module")));
      return one;
    });
  }

  int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.close();
  }
}
