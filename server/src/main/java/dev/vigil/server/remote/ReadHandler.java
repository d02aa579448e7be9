package dev.vigil.server.remote;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * {@code POST /api/v1/read}: remote read. The response type is the first of the request's
 * {@code accepted_response_types} this server knows (SAMPLES when the list is empty, as
 * Prometheus 2.x clients send it): SAMPLES answers one snappy-compressed ReadResponse;
 * STREAMED_XOR_CHUNKS streams frames of chunks ({@link ChunkedReadWriter}) so no series is held
 * whole in memory. Each query's matchers select series in {@code [start, end]}; the server's
 * external labels are added to every series it does not already label, and equality matchers
 * on them are dropped before selecting, as Prometheus does, so a reader can ask for
 * {@code {cluster="a"}} of the server that carries {@code cluster="a"}. A request accepting no
 * known type is refused with 400.
 */
public final class ReadHandler implements HttpHandler {
  static final int MAX_BODY = 8 << 20;
  static final String STREAMED_CONTENT_TYPE =
      "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse";
  private static final Logger LOG = LoggerFactory.getLogger(ReadHandler.class);

  private final Queryable storage;
  private final Supplier<Labels> externalLabels;
  private final int maxFrameBytes;

  public ReadHandler(Queryable storage, Supplier<Labels> externalLabels) {
    this(storage, externalLabels, ChunkedReadWriter.DEFAULT_MAX_FRAME_BYTES);
  }

  ReadHandler(Queryable storage, Supplier<Labels> externalLabels, int maxFrameBytes) {
    this.storage = storage;
    this.externalLabels = externalLabels;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    ex.startBlocking();
    byte[] body;
    try (InputStream in = ex.getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      text(ex, 413, "request body larger than " + MAX_BODY + " bytes");
      return;
    }
    Prompb.ReadRequest req;
    try {
      byte[] raw = Snappy.uncompress(body);
      req = Prompb.decodeReadRequest(raw, raw.length);
    } catch (IOException e) {
      text(ex, 400, "cannot decode the request: " + e.getMessage());
      return;
    }
    int type = responseType(req.acceptedResponseTypes());
    if (type < 0) {
      text(ex, 400, "none of the accepted response types " + req.acceptedResponseTypes()
          + " is implemented (0 = SAMPLES, 1 = STREAMED_XOR_CHUNKS)");
      return;
    }
    Labels ext = externalLabels.get();
    if (type == Prompb.RESPONSE_STREAMED_XOR_CHUNKS) {
      ex.setStatusCode(200);
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, STREAMED_CONTENT_TYPE);
      streamChunks(req, ext, ex.getOutputStream(), maxFrameBytes);
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    for (Prompb.Query q : req.queries()) {
      byte[] result = queryResult(q, ext);
      o.writeByteArray(Prompb.RESP_RESULTS, result);
    }
    o.flush();
    byte[] compressed = Snappy.compress(out.toByteArray());
    ex.setStatusCode(200);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-protobuf");
    ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, "snappy");
    ex.getOutputStream().write(compressed);
  }

  /** The first accepted type this server implements, SAMPLES for none listed, or -1. */
  static int responseType(List<Integer> accepted) {
    if (accepted.isEmpty()) {
      return Prompb.RESPONSE_SAMPLES;
    }
    for (int t : accepted) {
      if (t == Prompb.RESPONSE_SAMPLES || t == Prompb.RESPONSE_STREAMED_XOR_CHUNKS) {
        return t;
      }
    }
    return -1;
  }

  /**
   * Streams every query's series as chunk frames. Once the first frame is out the status cannot
   * change, so a failure midway is logged and ends the response early, as Prometheus does; the
   * reader sees a truncated stream.
   */
  void streamChunks(Prompb.ReadRequest req, Labels ext, OutputStream os, int frameBytes)
      throws IOException {
    ChunkedReadWriter w = new ChunkedReadWriter(os, frameBytes);
    for (int i = 0; i < req.queries().size(); i++) {
      Prompb.Query q = req.queries().get(i);
      Matcher[] matchers = withoutExternal(q, ext);
      if (matchers.length == 0) {
        continue;
      }
      try (Querier querier = storage.querier(q.startMs(), q.endMs())) {
        SeriesSet set = querier.select(true, matchers);
        while (set.next()) {
          byte[] labels = Prompb.labelFields(withExternal(set.labels(), ext));
          w.series(i, labels, set.iterator(), q.startMs(), q.endMs());
        }
      } catch (RuntimeException e) {
        LOG.error("remote read: streaming query {} failed after {} frames", i, w.frames(), e);
        throw new IOException("streaming remote read failed: " + e.getMessage(), e);
      }
    }
    os.flush();
  }

  /** The query's matchers less equality matchers an external label already satisfies. */
  private static Matcher[] withoutExternal(Prompb.Query q, Labels ext) {
    List<Matcher> matchers = new ArrayList<>();
    for (Matcher m : q.matchers()) {
      String v = ext.get(m.name());
      if (v != null && m.type() == Matcher.Type.EQUAL && m.value().equals(v)) {
        continue;
      }
      matchers.add(m);
    }
    return matchers.toArray(new Matcher[0]);
  }

  /** A QueryResult message for one query. */
  private byte[] queryResult(Prompb.Query q, Labels ext) throws IOException {
    Matcher[] matchers = withoutExternal(q, ext);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    if (matchers.length == 0) {
      o.flush();
      return out.toByteArray();
    }
    try (Querier querier = storage.querier(q.startMs(), q.endMs())) {
      SeriesSet set = querier.select(true, matchers);
      ByteArrayOutputStream series = new ByteArrayOutputStream();
      while (set.next()) {
        Labels l = withExternal(set.labels(), ext);
        series.reset();
        CodedOutputStream so = CodedOutputStream.newInstance(series);
        Prompb.writeLabels(so, Prompb.TS_LABELS, l);
        SampleIterator it = set.iterator();
        int n = 0;
        while (it.next()) {
          long t = it.atT();
          if (t > q.endMs()) {
            break;
          }
          if (t >= q.startMs()) {
            Prompb.writeSample(so, Prompb.TS_SAMPLES, t, it.atV());
            n++;
          }
        }
        so.flush();
        if (n > 0) {
          o.writeTag(Prompb.QR_TIMESERIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          o.writeUInt32NoTag(series.size());
          o.writeRawBytes(series.toByteArray());
        }
      }
    }
    o.flush();
    return out.toByteArray();
  }

  static Labels withExternal(Labels l, Labels ext) {
    if (ext.isEmpty()) {
      return l;
    }
    Labels.Builder b = l.toBuilder();
    for (int i = 0; i < ext.size(); i++) {
      if (l.get(ext.name(i)) == null) {
        b.set(ext.name(i), ext.value(i));
      }
    }
    return b.build();
  }

  private static void text(HttpServerExchange ex, int status, String msg) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    ex.getResponseSender().send(msg + "\n", StandardCharsets.UTF_8);
  }
}
