package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.Tsdb;
import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Streamed remote read checked against the real thing. Prometheus 2.42's own remote_read client
 * asks only for SAMPLES (its requests carry no accepted_response_types; the SAMPLES path is
 * covered by {@link PrometheusRemoteInteropTest}), but its server answers STREAMED_XOR_CHUNKS
 * from its own TSDB chunks. So the same samples go into Debian's Prometheus (through its
 * remote-write receiver) and into Vigil, both are asked for streamed chunks, and Vigil must
 * answer with the same samples, the same content type, and byte for byte the same chunk wherever
 * the two cut a chunk at the same samples; and every chunk Prometheus sends, encoded again by
 * {@link PromXorChunk} from its samples, must give Prometheus's bytes.
 */
class PrometheusStreamedReadTest {
  private static final long TWO_HOURS = 7_200_000;

  @Test
  void vigilStreamsTheChunksPrometheusStreams(@TempDir Path dir) throws Exception {
    long now = System.currentTimeMillis();
    // All samples inside one 2-hour block range: Prometheus always cuts chunks at its borders.
    long base = Math.floorDiv(now - 3_600_000, TWO_HOURS) * TWO_HOURS + 1;
    Map<Labels, long[][]> data = new HashMap<>();
    data.put(Labels.of("__name__", "vigil_stream_irregular", "case", "nan\"and\\stale"),
        irregular(base));
    data.put(Labels.of("__name__", "vigil_stream_regular", "case", "many_chunks"),
        regular(base + 3_000_000 + 3));
    long end = base + TWO_HOURS - 2;

    int promPort = Peers.freePort();
    try (Peers.Prometheus prom = new Peers.Prometheus(dir.resolve("prom"), promPort, """
        global:
          scrape_interval: 1h
        """, "--web.enable-remote-write-receiver");
        Tsdb db = Tsdb.open(dir.resolve("vigil"))) {
      Appender app = db.appender();
      for (var e : data.entrySet()) {
        long[][] s = e.getValue();
        for (int i = 0; i < s[0].length; i++) {
          app.append(0, e.getKey(), s[0][i], Double.longBitsToDouble(s[1][i]));
        }
      }
      app.commit();
      HttpResponse<byte[]> w = post(prom.url + "/api/v1/write", writeRequest(data),
          "application/x-protobuf");
      assertThat(w.statusCode()).as(new String(w.body())).isEqualTo(204);

      Undertow vigil = Undertow.builder().addHttpListener(0, "127.0.0.1")
          .setHandler(new BlockingHandler(new ReadHandler(db, () -> Labels.EMPTY))).build();
      vigil.start();
      try {
        int vigilPort = ((java.net.InetSocketAddress) vigil.getListenerInfo().get(0)
            .getAddress()).getPort();
        byte[] req = Snappy.compress(Prompb.encodeReadRequest(base - 1, end,
            List.of(Matcher.regex("__name__", "vigil_stream_.*")),
            Prompb.RESPONSE_STREAMED_XOR_CHUNKS));
        HttpResponse<byte[]> fromProm = post(prom.url + "/api/v1/read", req,
            "application/x-protobuf");
        HttpResponse<byte[]> fromVigil = post("http://127.0.0.1:" + vigilPort + "/api/v1/read",
            req, "application/x-protobuf");
        assertThat(fromProm.statusCode()).isEqualTo(200);
        assertThat(fromVigil.statusCode()).isEqualTo(200);
        assertThat(fromVigil.headers().firstValue("Content-Type"))
            .isEqualTo(fromProm.headers().firstValue("Content-Type"));
        var promFrames = ChunkedReadDecoder.frames(fromProm.body());
        var vigilFrames = ChunkedReadDecoder.frames(fromVigil.body());

        Map<Labels, TreeMap<Long, Long>> promSamples = samples(promFrames);
        Map<Labels, TreeMap<Long, Long>> vigilSamples = samples(vigilFrames);
        assertThat(promSamples).hasSize(2);
        for (var e : data.entrySet()) {
          TreeMap<Long, Long> want = new TreeMap<>();
          for (int i = 0; i < e.getValue()[0].length; i++) {
            want.put(e.getValue()[0][i], e.getValue()[1][i]);
          }
          assertThat(promSamples.get(e.getKey())).as("Prometheus holds %s", e.getKey())
              .isEqualTo(want);
          assertThat(vigilSamples.get(e.getKey())).as("Vigil streams %s", e.getKey())
              .isEqualTo(want);
        }
        // Every chunk Prometheus cut, encoded again from its samples, gives its bytes.
        PromXorChunk enc = new PromXorChunk();
        int chunks = 0;
        for (var f : promFrames) {
          for (var c : f.chunks()) {
            var s = ChunkedReadDecoder.xor(c.data());
            enc.reset();
            for (int i = 0; i < s.t().length; i++) {
              enc.append(s.t()[i], Double.longBitsToDouble(s.vBits()[i]));
            }
            assertThat(java.util.HexFormat.of().formatHex(enc.bytes(), 0, enc.byteLength()))
                .as("chunk %s %d-%d", f.labels(), c.mint(), c.maxt())
                .isEqualTo(java.util.HexFormat.of().formatHex(c.data()));
            chunks++;
          }
        }
        assertThat(chunks).as("the irregular series is one chunk, the regular one several")
            .isGreaterThanOrEqualTo(4);
        // Where Vigil cut a chunk at the same samples, it sent those very bytes.
        Map<String, byte[]> vigilChunks = new HashMap<>();
        for (var f : vigilFrames) {
          for (var c : f.chunks()) {
            vigilChunks.put(f.labels() + "@" + c.mint() + "-" + c.maxt(), c.data());
          }
        }
        int identical = 0;
        for (var f : promFrames) {
          for (var c : f.chunks()) {
            byte[] mine = vigilChunks.get(f.labels() + "@" + c.mint() + "-" + c.maxt());
            if (mine != null) {
              assertThat(mine).isEqualTo(c.data());
              identical++;
            }
          }
        }
        assertThat(identical).as("the irregular series' one chunk").isGreaterThanOrEqualTo(1);
      } finally {
        vigil.stop();
      }
    }
  }

  /**
   * 100 samples, one chunk on both sides (Prometheus's head cuts a chunk once it would pass
   * about 4× the span of its first 30 samples, which the early long gaps make long): jitter of a millisecond, gaps hitting each delta-of-delta
   * width (14, 17, 20 bits and the 64-bit escape), and values covering NaN payloads, the stale
   * marker, infinities, signed zero and repeats.
   */
  static long[][] irregular(long base) {
    long[] gaps = {15_000, 15_001, 14_999, 15_000, 15_000, 1_200_000, 15_000, 15_000 + 70_000,
        15_000, 15_000 + 300_000, 15_000, 1, 15_000, 15_003, 15_000 - 8_000};
    long[] values = {Double.doubleToRawLongBits(1), Double.doubleToRawLongBits(1),
        0x7ff8000000000001L, StreamedReadTest.STALE_NAN, Double.doubleToRawLongBits(2.5),
        Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
        Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(1e300),
        Double.doubleToRawLongBits(-7.125e-300), Double.doubleToRawLongBits(123456789.0)};
    long[][] out = new long[2][100];
    long t = base;
    for (int i = 0; i < 100; i++) {
      out[0][i] = t;
      out[1][i] = values[(i * 7) % values.length];
      t += i < 30 ? gaps[i % gaps.length] : gaps[(i % 5)];
    }
    return out;
  }

  /**
   * 360 samples a second apart, mostly a slowly growing counter: several chunks (Prometheus cuts
   * near 120 samples, Vigil at 120).
   */
  static long[][] regular(long base) {
    long[][] out = new long[2][360];
    for (int i = 0; i < 360; i++) {
      out[0][i] = base + 1_000L * i;
      // Close values XOR to 31 or more leading zeros: the 5-bit field's clamp is exercised.
      out[1][i] = Double.doubleToRawLongBits(i % 17 == 0 ? i * 0.5 : 1e6 + i * 0.001);
    }
    return out;
  }

  private static Map<Labels, TreeMap<Long, Long>> samples(List<ChunkedReadDecoder.Frame> frames)
      throws Exception {
    Map<Labels, TreeMap<Long, Long>> out = new HashMap<>();
    for (var f : frames) {
      TreeMap<Long, Long> m = out.computeIfAbsent(f.labels(), k -> new TreeMap<>());
      for (var c : f.chunks()) {
        assertThat(c.type()).isEqualTo(Prompb.CHUNK_XOR);
        var s = ChunkedReadDecoder.xor(c.data());
        for (int i = 0; i < s.t().length; i++) {
          assertThat(m.put(s.t()[i], s.vBits()[i])).as("sample twice").isNull();
        }
      }
    }
    return out;
  }

  static byte[] writeRequest(Map<Labels, long[][]> data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    for (var e : data.entrySet()) {
      ByteArrayOutputStream ts = new ByteArrayOutputStream();
      CodedOutputStream t = CodedOutputStream.newInstance(ts);
      t.writeRawBytes(Prompb.labelFields(e.getKey()));
      long[][] s = e.getValue();
      for (int i = 0; i < s[0].length; i++) {
        Prompb.writeSample(t, Prompb.TS_SAMPLES, s[0][i], Double.longBitsToDouble(s[1][i]));
      }
      t.flush();
      o.writeTag(Prompb.WR_TIMESERIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(ts.size());
      o.writeRawBytes(ts.toByteArray());
    }
    o.flush();
    return Snappy.compress(out.toByteArray());
  }

  private static HttpResponse<byte[]> post(String url, byte[] body, String type)
      throws Exception {
    return Peers.HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", type).header("Content-Encoding", "snappy")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .header("X-Prometheus-Remote-Read-Version", "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
