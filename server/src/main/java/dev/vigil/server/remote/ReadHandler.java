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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.xerial.snappy.Snappy;

/**
 * {@code POST /api/v1/read}: remote read with the sampled response type (what Prometheus 2.x
 * clients ask for). Each query's matchers select series in {@code [start, end]}; the server's
 * external labels are added to every series it does not already label, and equality matchers
 * on them are dropped before selecting, as Prometheus does, so a reader can ask for
 * {@code {cluster="a"}} of the server that carries {@code cluster="a"}. A request that accepts
 * only streamed chunks is refused (501): that response type is not implemented.
 */
public final class ReadHandler implements HttpHandler {
  static final int MAX_BODY = 8 << 20;

  private final Queryable storage;
  private final Supplier<Labels> externalLabels;

  public ReadHandler(Queryable storage, Supplier<Labels> externalLabels) {
    this.storage = storage;
    this.externalLabels = externalLabels;
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
    if (!req.acceptedResponseTypes().isEmpty()
        && !req.acceptedResponseTypes().contains(Prompb.RESPONSE_SAMPLES)) {
      text(ex, 501, "only the SAMPLES response type is implemented");
      return;
    }
    Labels ext = externalLabels.get();
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

  /** A QueryResult message for one query. */
  private byte[] queryResult(Prompb.Query q, Labels ext) throws IOException {
    List<Matcher> matchers = new ArrayList<>();
    for (Matcher m : q.matchers()) {
      String v = ext.get(m.name());
      if (v != null && m.type() == Matcher.Type.EQUAL && m.value().equals(v)) {
        continue;
      }
      matchers.add(m);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    if (matchers.isEmpty()) {
      o.flush();
      return out.toByteArray();
    }
    try (Querier querier = storage.querier(q.startMs(), q.endMs())) {
      SeriesSet set = querier.select(true, matchers.toArray(new Matcher[0]));
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
