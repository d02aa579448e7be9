package dev.vigil.exporters.common;

import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.httpserver.ListenAddress;
import dev.vigil.client.model.Registry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves an exporter's registry on {@code /metrics} until the process is stopped. */
public final class Serve {
  private static final Logger LOG = LoggerFactory.getLogger(Serve.class);

  private Serve() {}

  /**
   * Parses {@code --web.listen-address} ({@code :9100}, {@code host:9100}, {@code [::1]:9100}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static InetSocketAddress address(String s) {
    return ListenAddress.parse(s);
  }

  /** Starts the endpoint (gzip and content negotiation come with client-sdk's server). */
  public static HTTPServer start(Listen listen, Registry registry) throws IOException {
    return HTTPServer.builder().inetSocketAddress(address(listen.address())).registry(registry)
        .webSecurity(listen.security()).start();
  }

  /** Starts the endpoint, logs where, and blocks until the JVM shuts down. */
  public static int run(String name, Listen listen, Registry registry)
      throws IOException, InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    try (HTTPServer server = start(listen, registry)) {
      LOG.info("{} exporter listening on {}://{}:{}/metrics", name, listen.scheme(),
          server.getAddress().getHostString(), server.getPort());
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }
}
