package dev.vigil.server.remote;

import dev.vigil.server.config.RemoteWriteConfig;
import dev.vigil.server.http.HttpClients;
import java.io.IOException;
import java.security.GeneralSecurityException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts snappy-compressed WriteRequests as remote write 1.0 asks: {@code Content-Encoding:
 * snappy}, {@code Content-Type: application/x-protobuf}, {@code X-Prometheus-Remote-Write-Version:
 * 0.1.0} and a {@code User-Agent}, plus the configured headers and authentication. Thread-safe.
 */
final class WriteClient {
  static final String USER_AGENT = "Vigil/0.1.0";
  private static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");

  /** The answer to one request. */
  record Result(int status, String body, long retryAfterMillis) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  private final RemoteWriteConfig config;
  private final OkHttpClient client;

  WriteClient(RemoteWriteConfig config) throws GeneralSecurityException, IOException {
    this.config = config;
    this.client = HttpClients.client(config.http(), config.remoteTimeout());
  }

  /** Sends {@code len} compressed bytes; network failures are IOExceptions (recoverable). */
  Result send(byte[] compressed, int len) throws IOException {
    Request.Builder r = new Request.Builder().url(config.url())
        .post(RequestBody.create(compressed, PROTOBUF, 0, len))
        .header("Content-Encoding", "snappy")
        .header("User-Agent", USER_AGENT)
        .header("X-Prometheus-Remote-Write-Version", "0.1.0");
    HttpClients.headers(r, config.http());
    for (var h : config.headers().entrySet()) {
      r.header(h.getKey(), h.getValue());
    }
    try (Response resp = client.newCall(r.build()).execute()) {
      String body = resp.isSuccessful() ? "" : HttpClients.bodyStart(resp.body(), 256);
      return new Result(resp.code(), body, retryAfter(resp.header("Retry-After")));
    }
  }

  /** {@code Retry-After} in seconds (the HTTP-date form is ignored), or -1. */
  private static long retryAfter(String v) {
    if (v == null) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(v.trim())) * 1000;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
