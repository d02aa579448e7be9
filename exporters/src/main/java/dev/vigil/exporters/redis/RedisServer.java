package dev.vigil.exporters.redis;

import dev.vigil.client.model.Registry;
import dev.vigil.exporters.common.ExporterHttp;
import dev.vigil.exporters.common.Listen;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redis exporter's HTTP endpoint: {@code /metrics} for the configured instances and
 * {@code /scrape?target=redis://host:port} for any instance (the multi-target pattern of
 * redis_exporter and blackbox_exporter). client-sdk's HTTPServer only routes {@code /metrics},
 * so this is a JDK server whose handlers are client-sdk's, with its gzip and negotiation.
 */
final class RedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);

  private final ExporterHttp http;

  /**
   * @param credentials fills in the user and password for a {@code /scrape} target that has
   *     none, from the exporter's flags, as the peer does
   */
  RedisServer(Listen listenAddress, Registry registry, RedisExporter exporter,
      UnaryOperator<RedisAddress> credentials) throws IOException {
    http = new ExporterHttp("redis", listenAddress, "/metrics", registry, "/scrape", q -> {
      String target = q.get("target");
      RedisAddress address;
      try {
        if (target == null || target.isEmpty()) {
          throw new IllegalArgumentException("'target' parameter must be specified");
        }
        address = credentials.apply(RedisAddress.parse(target));
      } catch (IllegalArgumentException e) {
        exporter.countRequestError();
        LOG.warn("bad /scrape request: {}", e.getMessage());
        throw e;
      }
      Registry one = new Registry();
      one.register(exporter.forTarget(address));
      return one;
    });
  }

  int port() {
    return http.port();
  }

  String host() {
    return http.host();
  }

  @Override
  public void close() {
    http.close();
  }
}
