package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.server.VigilServer;
import dev.vigil.server.model.Exemplar;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/** The receiver with exemplar storage on: exemplars are stored, bad exemplar labels refused. */
class ReceiverExemplarTest {
  private static final Labels SERIES = Labels.of("__name__", "rq_total", "job", "x");

  /** A WriteRequest of one TimeSeries: one sample at {@code t} and one exemplar. */
  private static byte[] request(long t, Labels exLabels) throws Exception {
    ByteArrayOutputStream ts = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(ts);
    Prompb.writeLabels(o, Prompb.TS_LABELS, SERIES);
    Prompb.writeSample(o, Prompb.TS_SAMPLES, t, 3);
    Prompb.writeExemplar(o, exLabels, t - 10, 0.25);
    o.flush();
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    CodedOutputStream r = CodedOutputStream.newInstance(req);
    r.writeTag(Prompb.WR_TIMESERIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    r.writeUInt32NoTag(ts.size());
    r.writeRawBytes(ts.toByteArray());
    r.flush();
    return Snappy.compress(req.toByteArray());
  }

  private static HttpResponse<String> post(String url, byte[] body) throws Exception {
    return Peers.HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void exemplarsAreStoredAndBadOnesRefused(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("vigil.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1h\n");
    try (VigilServer v = new VigilServer(config, dir.resolve("data"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      v.remoteWriteReceiver(true);
      v.exemplarStorage(true);
      v.start();
      String url = "http://127.0.0.1:" + v.address().getPort() + "/api/v1/write";
      assertThat(post(url, request(5000, Labels.of("trace_id", "abc"))).statusCode())
          .isEqualTo(204);
      HttpResponse<String> bad = post(url, request(6000, Labels.of("1bad", "v")));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("invalid exemplar label name \"1bad\"");
      var got = v.storage().head().exemplars().selectExemplars(0, Long.MAX_VALUE,
          List.<Matcher[]>of(new Matcher[] {Matcher.equal("__name__", "rq_total")}));
      assertThat(got).hasSize(1);
      assertThat(got.get(0).seriesLabels()).isEqualTo(SERIES);
      assertThat(got.get(0).exemplars())
          .containsExactly(new Exemplar(Labels.of("trace_id", "abc"), 0.25, 4990));
    }
  }
}
