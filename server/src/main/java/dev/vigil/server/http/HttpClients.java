package dev.vigil.server.http;

import dev.vigil.server.config.HttpClientConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Builds OkHttp clients and request headers from an {@code http_config}, for the clients that
 * push alerts and notifications. Clients share one connection pool and dispatcher (cheap to
 * build per configuration, as OkHttp intends). Thread-safe.
 */
public final class HttpClients {
  /**
   * Idle keep-alive connections kept over all clients built here. OkHttp's default of 5 made a
   * remote-write queue with dozens of shards open a new connection for most requests.
   */
  static final int MAX_IDLE_CONNECTIONS = 1024;
  private static final OkHttpClient BASE = base(MAX_IDLE_CONNECTIONS);

  private HttpClients() {}

  /**
   * A client to derive others from ({@code newBuilder()} shares its pool and dispatcher): no
   * silent retries, and up to {@code maxIdleConnections} keep-alive connections kept for 5
   * minutes, where OkHttp keeps 5 — too few for a sender with many parallel requests or a
   * scraper with many targets.
   */
  public static OkHttpClient base(int maxIdleConnections) {
    return new OkHttpClient.Builder()
        .retryOnConnectionFailure(false)
        .connectionPool(new ConnectionPool(maxIdleConnections, 5, TimeUnit.MINUTES))
        .build();
  }

  /**
   * A client honouring TLS, redirects, HTTP/2 and {@code proxy_url} of {@code http}.
   *
   * @param timeout the whole call's timeout; zero for none
   * @throws GeneralSecurityException or IOException when the TLS material cannot be loaded
   */
  public static OkHttpClient client(HttpClientConfig http, Duration timeout)
      throws GeneralSecurityException, IOException {
    OkHttpClient.Builder b = BASE.newBuilder()
        .followRedirects(http.followRedirects())
        .followSslRedirects(http.followRedirects())
        .callTimeout(timeout);
    if (timeout.compareTo(Duration.ofSeconds(10)) > 0) {
      // OkHttp's 10 s read and write defaults would cut a call the user gave longer.
      b.readTimeout(timeout).writeTimeout(timeout);
    }
    if (!http.enableHttp2()) {
      b.protocols(List.of(Protocol.HTTP_1_1));
    }
    if (http.proxyUrl() != null) {
      URI u = URI.create(http.proxyUrl());
      int port = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
      b.proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port)));
    }
    return TlsClients.apply(b, http.tls()).build();
  }

  /**
   * Adds the {@code Authorization} header and the {@code http_headers} of {@code http}. Secret
   * files are read on every call so rotated secrets apply without a reload.
   */
  public static Request.Builder headers(Request.Builder r, HttpClientConfig http) {
    for (Map.Entry<String, String> e : AuthHeaders.of(http).entrySet()) {
      r.header(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, HttpClientConfig.Header> e : http.httpHeaders().entrySet()) {
      HttpClientConfig.Header h = e.getValue();
      for (String v : h.values()) {
        r.addHeader(e.getKey(), v);
      }
      for (String v : h.secrets()) {
        r.addHeader(e.getKey(), v);
      }
      for (String f : h.files()) {
        try {
          r.addHeader(e.getKey(), Files.readString(Path.of(f)).strip());
        } catch (IOException ex) {
          // A missing header file is the operator's to fix; the request still goes out.
          org.slf4j.LoggerFactory.getLogger(HttpClients.class)
              .error("cannot read http_headers file {}: {}", f, ex.getMessage());
        }
      }
    }
    return r;
  }

  /** The first 512 bytes of a response body, for error messages; never throws. */
  public static String bodyStart(ResponseBody body) {
    return bodyStart(body, 512);
  }

  /** The first {@code limit} bytes of a response body, stripped; never throws. */
  public static String bodyStart(ResponseBody body, int limit) {
    if (body == null) {
      return "";
    }
    try {
      BufferedSource s = body.source();
      s.request(limit);
      Buffer buf = s.getBuffer();
      return buf.readUtf8(Math.min(limit, buf.size())).strip();
    } catch (IOException e) {
      return "(body unreadable: " + e.getMessage() + ")";
    }
  }
}
