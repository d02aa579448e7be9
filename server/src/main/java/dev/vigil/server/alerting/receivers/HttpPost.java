package dev.vigil.server.alerting.receivers;

import dev.vigil.server.alerting.NotifyException;
import dev.vigil.server.config.HttpClientConfig;
import dev.vigil.server.http.HttpClients;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts a JSON body for an integration and classifies the outcome: a 2xx answer is delivered;
 * a 5xx or 429 answer or a network failure may succeed later (retryable); any other answer will
 * not. Thread-safe; the client is built once per configuration.
 */
final class HttpPost {
  private static final MediaType JSON = MediaType.get("application/json");

  private final String integration;
  private final HttpClientConfig http;
  private final OkHttpClient client;
  private final String tlsError;

  /** The status and body of a 2xx answer, for integrations that look into it (Slack). */
  record Answer(int status, String contentType, String body) {}

  HttpPost(String integration, HttpClientConfig http, Duration timeout) {
    this.integration = integration;
    this.http = http;
    OkHttpClient c = null;
    String err = null;
    try {
      c = HttpClients.client(http, timeout);
    } catch (GeneralSecurityException | IOException e) {
      // Reported on every send rather than at load: a certificate file may appear later.
      err = "tls_config: " + e.getMessage();
    }
    this.client = c;
    this.tlsError = err;
  }

  /**
   * Posts {@code body} to {@code url}.
   *
   * @param shownUrl the URL as errors show it (secret paths redacted)
   */
  Answer post(String url, String shownUrl, byte[] body) throws NotifyException {
    if (client == null) {
      throw new NotifyException(integration + " " + shownUrl + ": " + tlsError, false);
    }
    Request req;
    try {
      req = HttpClients.headers(new Request.Builder().url(url), http)
          .header("User-Agent", "Vigil-Alertmanager")
          .post(RequestBody.create(body, JSON)).build();
    } catch (IllegalArgumentException e) {
      throw new NotifyException(integration + ": invalid URL " + shownUrl, false, e);
    }
    try (Response r = client.newCall(req).execute()) {
      // Enough of a 2xx body for Slack's JSON answer; errors quote only its start.
      String answer = HttpClients.bodyStart(r.body(), 64 * 1024);
      if (r.code() / 100 == 2) {
        return new Answer(r.code(), r.header("Content-Type", ""), answer);
      }
      String start = errorText(answer);
      boolean retry = r.code() / 100 == 5 || r.code() == 429;
      throw new NotifyException(integration + " " + shownUrl + ": unexpected status code "
          + r.code() + (start.isEmpty() ? "" : ": " + start), retry);
    } catch (IOException e) {
      throw new NotifyException(integration + " " + shownUrl + ": " + e.getMessage(), true, e);
    }
  }

  /** At most 512 characters of a body, for messages. */
  static String errorText(String body) {
    return body.length() <= 512 ? body : body.substring(0, 512) + "...";
  }

  /** The scheme, host and port of {@code url}: its path may hold a token (Slack, webhooks). */
  static String redact(String url) {
    try {
      URI u = URI.create(url);
      if (u.getHost() == null) {
        return "<redacted URL>";
      }
      return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort())
          + "/<redacted>";
    } catch (IllegalArgumentException e) {
      return "<redacted URL>";
    }
  }
}
