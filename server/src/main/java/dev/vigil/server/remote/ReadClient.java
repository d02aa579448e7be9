package dev.vigil.server.remote;

import dev.vigil.server.config.RemoteReadConfig;
import dev.vigil.server.http.HttpClients;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.xerial.snappy.Snappy;

/**
 * One {@code remote_read} endpoint: sends a sampled ReadRequest and decodes the answer. Applies
 * the endpoint's {@code required_matchers} and {@code read_recent}, and, with
 * {@code filter_external_labels} (the default), asks only for series carrying this server's
 * external labels and strips them from what comes back, as Prometheus does. Thread-safe.
 */
final class ReadClient {
  private static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");

  final RemoteReadConfig config;
  private final OkHttpClient client;

  ReadClient(RemoteReadConfig config) throws GeneralSecurityException, IOException {
    this.config = config;
    this.client = HttpClients.client(config.http(), config.remoteTimeout());
  }

  /**
   * Whether a selector with these matchers goes to this endpoint for {@code [mint, maxt]}:
   * every required matcher must be among them, and without {@code read_recent} only times
   * before the local storage's oldest sample are asked for.
   */
  boolean applies(Matcher[] matchers) {
    for (Map.Entry<String, String> r : config.requiredMatchers().entrySet()) {
      boolean found = false;
      for (Matcher m : matchers) {
        if (m.type() == Matcher.Type.EQUAL && m.name().equals(r.getKey())
            && m.value().equals(r.getValue())) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** The series matching {@code matchers} in {@code [mint, maxt]}, labels as the query sees them. */
  List<Prompb.Series> read(long mint, long maxt, Matcher[] matchers, Labels external)
      throws IOException {
    List<Matcher> ms = new ArrayList<>(List.of(matchers));
    boolean filter = config.filterExternalLabels() && !external.isEmpty();
    if (filter) {
      for (int i = 0; i < external.size(); i++) {
        ms.add(Matcher.equal(external.name(i), external.value(i)));
      }
    }
    byte[] body = Snappy.compress(Prompb.encodeReadRequest(mint, maxt, ms));
    Request.Builder r = new Request.Builder().url(config.url())
        .post(RequestBody.create(body, PROTOBUF))
        .header("Content-Encoding", "snappy")
        .header("Accept-Encoding", "snappy")
        .header("User-Agent", WriteClient.USER_AGENT)
        .header("X-Prometheus-Remote-Read-Version", "0.1.0");
    HttpClients.headers(r, config.http());
    for (var h : config.headers().entrySet()) {
      r.header(h.getKey(), h.getValue());
    }
    try (Response resp = client.newCall(r.build()).execute()) {
      if (!resp.isSuccessful()) {
        throw new IOException("remote read " + config.url() + ": HTTP " + resp.code() + " "
            + HttpClients.bodyStart(resp.body(), 256));
      }
      byte[] raw = Snappy.uncompress(resp.body().bytes());
      List<List<Prompb.Series>> results = Prompb.decodeReadResponse(raw, raw.length);
      List<Prompb.Series> out = results.isEmpty() ? List.of() : results.get(0);
      if (!filter) {
        return out;
      }
      List<Prompb.Series> stripped = new ArrayList<>(out.size());
      for (Prompb.Series s : out) {
        Labels.Builder b = s.labels().toBuilder();
        for (int i = 0; i < external.size(); i++) {
          b.delete(external.name(i));
        }
        stripped.add(new Prompb.Series(b.build(), s.timestamps(), s.values(), 0, 0));
      }
      return stripped;
    }
  }
}
