package dev.vigil.server.remote;

import dev.vigil.server.model.LabelNames;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appendable;
import dev.vigil.server.storage.Appender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * {@code POST /api/v1/write}: the remote write 1.0 receiver ({@code
 * --web.enable-remote-write-receiver}). The whole request is decoded and validated before
 * anything is appended, so a malformed one (bad snappy, bad protobuf, invalid or duplicate label
 * names, a series without a metric name, native histograms, which this storage does not hold) is
 * refused whole with 400 and the reason. Samples the storage rejects (out of order, duplicate
 * with another value, too old) are counted and answered with 400 too, after the others were
 * appended, as Prometheus does: resending would not help. Success is 204.
 *
 * <p>Metric metadata in a request is validated with the rest (valid UTF-8, a family name, a
 * defined type); it goes to the metadata sink when the server has one, and is otherwise dropped
 * without error, as Prometheus 2.x's receiver does.
 *
 * <p>Exemplars are appended with their series' samples; the storage keeps them only with
 * {@code --enable-feature=exemplar-storage} and skips duplicates and out of order ones, as
 * Prometheus's receiver does (neither fails the request).
 */
public final class WriteHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WriteHandler.class);
  /** The largest compressed body accepted; a WriteRequest is normally well under 1 MiB. */
  static final int MAX_BODY = 32 << 20;
  static final int MAX_UNCOMPRESSED = 256 << 20;

  private final Appendable storage;
  private final Consumer<List<FamilyMetadata>> metadataSink;
  final LongAdder samplesReceived = new LongAdder();
  final LongAdder metadataReceived = new LongAdder();
  final LongAdder requestsRejected = new LongAdder();
  final LongAdder exemplarsReceived = new LongAdder();

  public WriteHandler(Appendable storage) {
    this(storage, null);
  }

  /**
   * @param metadataSink gets each request's metadata entries (after the request's samples were
   *     appended); null to drop them
   */
  public WriteHandler(Appendable storage, Consumer<List<FamilyMetadata>> metadataSink) {
    this.storage = storage;
    this.metadataSink = metadataSink;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    ex.startBlocking();
    String enc = ex.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
    if (enc != null && !enc.equalsIgnoreCase("snappy")) {
      reject(ex, 415, "unsupported Content-Encoding " + enc + "; remote write 1.0 uses snappy");
      return;
    }
    byte[] body;
    try (InputStream in = ex.getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      reject(ex, 413, "request body larger than " + MAX_BODY + " bytes");
      return;
    }
    Prompb.WriteRequest req;
    List<FamilyMetadata> metadata = List.of();
    try {
      if (!Snappy.isValidCompressedBuffer(body)) {
        throw new IOException("snappy: corrupt input");
      }
      String tooBig = tooBigWhenUncompressed(body);
      if (tooBig != null) {
        reject(ex, 413, tooBig);
        return;
      }
      byte[] raw = Snappy.uncompress(body);
      req = Prompb.decodeWriteRequest(raw, raw.length);
      if (req.metadata() > 0) {
        metadata = Prompb.decodeMetadata(raw, raw.length);
      }
    } catch (IOException e) {
      reject(ex, 400, "cannot decode the request: " + e.getMessage());
      return;
    }
    String invalid = validate(req);
    if (invalid != null) {
      reject(ex, 400, invalid);
      return;
    }
    int total = 0;
    for (Prompb.Series s : req.series()) {
      total += s.timestamps().length;
    }
    Appender app = storage.appender(total);
    int rejected;
    try {
      for (Prompb.Series s : req.series()) {
        long ref = 0;
        for (int i = 0; i < s.timestamps().length; i++) {
          ref = app.append(ref, s.labels(), s.timestamps()[i], s.values()[i]);
        }
        for (Prompb.Exemplar e : s.exemplarList()) {
          // A zero timestamp is proto3's "unset", as Prometheus's receiver reads it.
          app.appendExemplar(ref, s.labels(), e.labels(), e.timestamp(), e.value(),
              e.timestamp() != 0);
        }
        exemplarsReceived.add(s.exemplarList().size());
      }
      rejected = app.rejected();
      app.commit();
    } catch (RuntimeException e) {
      app.rollback();
      LOG.error("remote write receiver: appending failed", e);
      reject(ex, 500, "appending failed: " + e.getMessage());
      return;
    }
    samplesReceived.add(total - rejected);
    metadataReceived.add(metadata.size());
    if (metadataSink != null && !metadata.isEmpty()) {
      metadataSink.accept(metadata);
    }
    if (rejected > 0) {
      reject(ex, 400, rejected + " of " + total + " samples rejected as out of order, duplicate "
          + "or too old");
      return;
    }
    ex.setStatusCode(204);
    ex.endExchange();
  }

  /**
   * Why a (valid) snappy body is refused for its uncompressed size, or null. Snappy expands up
   * to about 21 times, so a body under the size limit could still ask for gigabytes.
   */
  static String tooBigWhenUncompressed(byte[] body) throws IOException {
    int size = Snappy.uncompressedLength(body);
    return size > MAX_UNCOMPRESSED || size < 0 ? "request decompresses to " + size
        + " bytes, more than " + MAX_UNCOMPRESSED : null;
  }

  /** The reason a decoded request is invalid, or null. */
  static String validate(Prompb.WriteRequest req) {
    for (Prompb.Series s : req.series()) {
      Labels l = s.labels();
      if (s.histograms() > 0) {
        return "native histograms are not supported by this receiver (series " + l + ")";
      }
      String name = l.get(Labels.METRIC_NAME);
      if (name == null) {
        return "series without a metric name: " + l;
      }
      if (!LabelNames.isValidMetricName(name)) {
        return "invalid metric name \"" + name + "\"";
      }
      for (int i = 0; i < l.size(); i++) {
        if (!LabelNames.isValid(l.name(i))) {
          return "invalid label name \"" + l.name(i) + "\" in " + l;
        }
      }
      for (Prompb.Exemplar e : s.exemplarList()) {
        Labels el = e.labels();
        for (int i = 0; i < el.size(); i++) {
          if (!LabelNames.isValid(el.name(i))) {
            return "invalid exemplar label name \"" + el.name(i) + "\" in " + el + " of " + l;
          }
        }
      }
    }
    return null;
  }

  private void reject(HttpServerExchange ex, int status, String reason) {
    requestsRejected.increment();
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    ex.getResponseSender().send(reason + "\n", StandardCharsets.UTF_8);
  }
}
