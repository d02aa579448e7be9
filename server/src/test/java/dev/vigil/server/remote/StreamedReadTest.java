package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.Tsdb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XOR chunk encoder and the frames of streamed remote read, checked by the test decoder. */
class StreamedReadTest {
  static final long STALE_NAN = 0x7ff0000000000002L;

  /** Timestamps/values that exercise every bit-width class and XOR window case. */
  static List<long[]> cases() {
    List<long[]> out = new ArrayList<>();
    // t, value bits pairs
    out.add(new long[] {0, Double.doubleToRawLongBits(0)});
    out.add(new long[] {Long.MIN_VALUE / 4, Double.doubleToRawLongBits(-1.5),
        Long.MIN_VALUE / 4 + 1, Double.doubleToRawLongBits(-1.5)});
    long[] mixed = new long[2 * 40];
    long t = 1_700_000_000_123L;
    long[] steps = {15_000, 15_000, 15_001, 14_999, 15_000 + 8192, 15_000 - 8191, 15_000 + 65_536,
        15_000 - 65_535, 15_000 + 524_288, 15_000 - 524_287, 15_000 + 524_289, 86_400_000_000L,
        1, 1, 0 + 1, 3_000_000_000L, 15_000};
    double[] values = {1, 1, 2, Double.NaN, Double.longBitsToDouble(STALE_NAN),
        Double.longBitsToDouble(0x7ff8000000000001L), Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 3.25,
        Math.PI, Math.E, 42, 42, 43};
    for (int i = 0; i < 40; i++) {
      mixed[2 * i] = t;
      mixed[2 * i + 1] = Double.doubleToRawLongBits(values[i % values.length]);
      t += steps[i % steps.length];
    }
    out.add(mixed);
    Random r = new Random(42);
    for (int k = 0; k < 50; k++) {
      int n = 1 + r.nextInt(120);
      long[] c = new long[2 * n];
      long ts = r.nextLong() >> r.nextInt(40);
      for (int i = 0; i < n; i++) {
        c[2 * i] = ts;
        c[2 * i + 1] = switch (r.nextInt(4)) {
          case 0 -> r.nextLong();
          case 1 -> Double.doubleToRawLongBits(r.nextInt(100));
          case 2 -> i > 0 ? c[2 * i - 1] : 0;
          default -> Double.doubleToRawLongBits(r.nextGaussian() * 1e6);
        };
        ts += switch (r.nextInt(3)) {
          case 0 -> 15_000;
          case 1 -> r.nextInt(1 << 22);
          default -> 1 + (r.nextLong() >>> 30);
        };
      }
      out.add(c);
    }
    return out;
  }

  @Test
  void xorChunksDecodeToTheSamplesAppended() throws IOException {
    PromXorChunk chunk = new PromXorChunk();
    for (long[] c : cases()) {
      chunk.reset(); // reused, as the writer does: stale bits must not leak into the next chunk
      for (int i = 0; i < c.length; i += 2) {
        chunk.append(c[i], Double.longBitsToDouble(c[i + 1]));
      }
      byte[] data = java.util.Arrays.copyOf(chunk.bytes(), chunk.byteLength());
      ChunkedReadDecoder.Samples s = ChunkedReadDecoder.xor(data);
      assertThat(s.t()).hasSize(c.length / 2);
      for (int i = 0; i < c.length / 2; i++) {
        assertThat(s.t()[i]).as("t of sample %d", i).isEqualTo(c[2 * i]);
        assertThat(s.vBits()[i]).as("value bits of sample %d", i).isEqualTo(c[2 * i + 1]);
      }
      assertThat(chunk.minT()).isEqualTo(c[0]);
      assertThat(chunk.maxT()).isEqualTo(c[c.length - 2]);
    }
  }

  /** Golden bytes worked out by hand from the layout in tsdb-format/chunks.md. */
  @Test
  void xorChunkBytesFollowTheLayout() {
    PromXorChunk c = new PromXorChunk();
    c.append(1, 1.0);
    // count 1; zig-zag varint 1 = 0x02; 1.0 = 0x3ff0000000000000
    assertThat(hex(c)).isEqualTo("0001023ff0000000000000");
    c.append(3, 1.0); // delta 2 as uvarint; value unchanged: one 0 bit
    assertThat(hex(c)).isEqualTo("0002023ff00000000000000200");
    c.append(5, 1.0); // dod 0: 0 bit; value unchanged: 0 bit
    assertThat(hex(c)).isEqualTo("0003023ff00000000000000200");
    c.append(8, 3.0);
    // after 0x02: the two earlier 0 bits and the dod-0 bit, then dod 1 as 10 + 14 bits; the
    // value XOR 0x7ff8000000000000 as 1 (changed), 1 (new window), 5 bits of leading zeros
    // (1), 6 bits of length (12), the 12 bits; zero padding:
    // 000 10 00000000000001 11 00001 001100 111111111111 0000
    assertThat(hex(c)).isEqualTo("0004023ff000000000000002" + "1000384cfff0");
  }

  private static String hex(PromXorChunk c) {
    return java.util.HexFormat.of().formatHex(c.bytes(), 0, c.byteLength());
  }

  @Test
  void framesCarryLengthCrcAndSplitLongSeries(@TempDir Path dir) throws Exception {
    try (Tsdb db = Tsdb.open(dir)) {
      Labels a = Labels.of("__name__", "m", "k", "a");
      Labels b = Labels.of("__name__", "m", "k", "b");
      Appender app = db.appender();
      for (int i = 0; i < 1000; i++) {
        app.append(0, a, 1_000L * i, i);
        if (i % 10 == 0) {
          app.append(0, b, 1_000L * i + 7, Double.longBitsToDouble(STALE_NAN));
        }
      }
      app.commit();
      ReadHandler h = new ReadHandler(db, () -> Labels.of("cluster", "c1"), 256);
      byte[] req = Prompb.encodeReadRequest(100_000, 899_999,
          List.of(Matcher.equal("__name__", "m"), Matcher.equal("cluster", "c1")),
          Prompb.RESPONSE_STREAMED_XOR_CHUNKS);
      Prompb.ReadRequest r = Prompb.decodeReadRequest(req, req.length);
      // Two queries: the second's frames must say index 1.
      r = new Prompb.ReadRequest(List.of(r.queries().get(0), r.queries().get(0)),
          r.acceptedResponseTypes());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      h.streamChunks(r, Labels.of("cluster", "c1"), out, 256);
      List<ChunkedReadDecoder.Frame> frames = ChunkedReadDecoder.frames(out.toByteArray());
      long[] seen = new long[2];
      Labels last = null;
      List<Long> tsA = new ArrayList<>();
      for (ChunkedReadDecoder.Frame f : frames) {
        // bounded: labels + chunks up to the bound, plus at most one chunk of 120 samples
        assertThat(f.messageBytes()).isLessThan(256 + 2200);
        assertThat(f.labels().get("cluster")).isEqualTo("c1");
        for (ChunkedReadDecoder.Chunk c : f.chunks()) {
          assertThat(c.type()).isEqualTo(Prompb.CHUNK_XOR);
          ChunkedReadDecoder.Samples s = ChunkedReadDecoder.xor(c.data());
          assertThat(s.t().length).isBetween(1, 120);
          assertThat(c.mint()).isEqualTo(s.t()[0]);
          assertThat(c.maxt()).isEqualTo(s.t()[s.t().length - 1]);
          seen[(int) f.queryIndex()] += s.t().length;
          if (f.labels().get("k").equals("a") && f.queryIndex() == 0) {
            for (int i = 0; i < s.t().length; i++) {
              tsA.add(s.t()[i]);
              assertThat(s.vBits()[i]).isEqualTo(Double.doubleToRawLongBits(s.t()[i] / 1000));
            }
          } else if (f.labels().get("k").equals("b")) {
            assertThat(s.vBits()).containsOnly(STALE_NAN);
          }
        }
        last = f.labels();
      }
      assertThat(last.get("k")).isEqualTo("b");
      // a: 100..899 = 800 samples; b: every 10 s from 100 007 to 890 007 = 80 samples
      assertThat(seen).containsExactly(880, 880);
      assertThat(tsA).hasSize(800).isSorted();
      assertThat(tsA.get(0)).isEqualTo(100_000L);
      assertThat(frames.stream().filter(f -> f.labels().get("k").equals("a")).count())
          .as("series a split over several frames").isGreaterThan(2);
    }
  }

  @Test
  void aCorruptedFrameIsDetected(@TempDir Path dir) throws Exception {
    try (Tsdb db = Tsdb.open(dir)) {
      Appender app = db.appender();
      app.append(0, Labels.of("__name__", "x"), 1, 1);
      app.commit();
      ReadHandler h = new ReadHandler(db, () -> Labels.EMPTY);
      byte[] req = Prompb.encodeReadRequest(0, 10, List.of(Matcher.equal("__name__", "x")),
          Prompb.RESPONSE_STREAMED_XOR_CHUNKS);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      h.streamChunks(Prompb.decodeReadRequest(req, req.length), Labels.EMPTY, out, 1 << 20);
      byte[] bytes = out.toByteArray();
      // length varint, then the CRC of the message
      int len = bytes[0];
      assertThat(bytes).hasSize(1 + 4 + len);
      CRC32C crc = new CRC32C();
      crc.update(bytes, 5, len);
      assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo((int) crc.getValue());
      bytes[bytes.length - 1] ^= 1;
      assertThatThrownBy(() -> ChunkedReadDecoder.frames(bytes))
          .hasMessageContaining("CRC mismatch");
    }
  }

  @Test
  void responseTypeIsTheFirstKnownOne() {
    assertThat(ReadHandler.responseType(List.of())).isEqualTo(Prompb.RESPONSE_SAMPLES);
    assertThat(ReadHandler.responseType(List.of(1, 0))).isEqualTo(1);
    assertThat(ReadHandler.responseType(List.of(7, 0, 1))).isEqualTo(0);
    assertThat(ReadHandler.responseType(List.of(7))).isEqualTo(-1);
  }
}
