package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.tsdb.Tsdb;
import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/** The receiver's treatment of metadata: validated, handed to a sink, or dropped quietly. */
class WriteHandlerMetadataTest {
  @TempDir
  Path dir;

  private static final Labels SERIES = Labels.of("__name__", "md_test_total", "a", "b");

  /** A WriteRequest with one sample of SERIES and the given raw MetricMetadata bodies. */
  private static byte[] request(byte[]... metadata) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    byte[] samples = PrometheusStreamedReadTest.writeRequest(
        Map.of(SERIES, new long[][] {{1000}, {Double.doubleToRawLongBits(2)}}));
    o.writeRawBytes(Snappy.uncompress(samples));
    for (byte[] m : metadata) {
      o.writeByteArray(Prompb.WR_METADATA, m);
    }
    o.flush();
    return Snappy.compress(out.toByteArray());
  }

  private static byte[] metadata(int type, String family, String help, String unit)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    o.writeEnum(Prompb.MD_TYPE, type);
    o.writeString(Prompb.MD_FAMILY, family);
    o.writeString(Prompb.MD_HELP, help);
    o.writeString(Prompb.MD_UNIT, unit);
    o.flush();
    return out.toByteArray();
  }

  private HttpResponse<String> send(Tsdb db, Consumer<List<FamilyMetadata>> sink, byte[] body)
      throws Exception {
    Undertow u = Undertow.builder().addHttpListener(0, "127.0.0.1")
        .setHandler(new BlockingHandler(new WriteHandler(db, sink))).build();
    u.start();
    try {
      int port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
      return Peers.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/v1/write")).header("Content-Encoding", "snappy")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString());
    } finally {
      u.stop();
    }
  }

  @Test
  void metadataGoesToTheSinkAndSamplesToStorage() throws Exception {
    List<FamilyMetadata> got = new CopyOnWriteArrayList<>();
    try (Tsdb db = Tsdb.open(dir)) {
      var r = send(db, got::addAll, request(metadata(1, "md_test_total", "Tests.", ""),
          metadata(3, "md_latency_seconds", "Latency «ms».", "seconds")));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      assertThat(got).containsExactly(
          new FamilyMetadata("md_test_total", "counter", "Tests.", ""),
          new FamilyMetadata("md_latency_seconds", "histogram", "Latency «ms».", "seconds"));
      assertThat(Peers.read(db, 0, 2000, Matcher.equal("__name__", "md_test_total")))
          .containsKey(SERIES);
    }
  }

  @Test
  void withoutASinkMetadataIsDroppedWithoutError() throws Exception {
    try (Tsdb db = Tsdb.open(dir)) {
      var r = send(db, null, request(metadata(2, "g", "Gauge.", "")));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      assertThat(Peers.read(db, 0, 2000, Matcher.equal("__name__", "md_test_total")))
          .hasSize(1);
    }
  }

  @Test
  void invalidMetadataRefusesTheWholeRequest() throws Exception {
    List<FamilyMetadata> got = new CopyOnWriteArrayList<>();
    try (Tsdb db = Tsdb.open(dir)) {
      var unknownType = send(db, got::addAll, request(metadata(9, "x", "", "")));
      assertThat(unknownType.statusCode()).isEqualTo(400);
      assertThat(unknownType.body()).contains("metadata of x has unknown metric type 9");
      var noName = send(db, got::addAll, request(metadata(1, "", "help", "")));
      assertThat(noName.statusCode()).isEqualTo(400);
      assertThat(noName.body()).contains("metadata without a metric family name");
      ByteArrayOutputStream m = new ByteArrayOutputStream();
      CodedOutputStream o = CodedOutputStream.newInstance(m);
      o.writeEnum(Prompb.MD_TYPE, 1);
      o.writeTag(Prompb.MD_FAMILY, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(2);
      o.writeRawBytes(new byte[] {'x', (byte) 0xff});
      o.flush();
      var utf8 = send(db, got::addAll, request(m.toByteArray()));
      assertThat(utf8.statusCode()).isEqualTo(400);
      assertThat(got).isEmpty();
      assertThat(Peers.read(db, 0, 2000, Matcher.equal("__name__", "md_test_total")))
          .as("nothing of a refused request stored").isEmpty();
    }
  }
}
