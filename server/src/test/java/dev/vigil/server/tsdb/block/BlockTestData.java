package dev.vigil.server.tsdb.block;

import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/** Random series for block tests: labels from small alphabets, so matchers hit and miss. */
final class BlockTestData {
  static final long MINT = 1_000_000;
  static final long MAXT = MINT + 2 * 3600_000;

  /** Expected samples of one series: parallel arrays of times and raw value bits. */
  record Samples(long[] t, long[] bits) {}

  final TreeMap<Labels, Samples> expected = new TreeMap<>();
  final MemBlockSource source = new MemBlockSource();

  BlockTestData(long seed, int series) {
    Random r = new Random(seed);
    while (expected.size() < series) {
      Labels.Builder b = new Labels.Builder();
      b.set("__name__", "m" + r.nextInt(5));
      b.set("job", "job" + r.nextInt(3));
      b.set("instance", "i" + r.nextInt(1000));
      if (r.nextBoolean()) {
        b.set("zone", r.nextBoolean() ? "eu" : "us-" + r.nextInt(3));
      }
      Labels l = b.build();
      if (expected.containsKey(l)) {
        continue;
      }
      int n = 1 + r.nextInt(600);
      long[] t = new long[n];
      long[] bits = new long[n];
      long step = 1 + r.nextInt(30_000);
      long cur = MINT + r.nextInt(100_000);
      int kept = 0;
      for (int i = 0; i < n && cur < MAXT; i++) {
        t[i] = cur;
        double v = switch (r.nextInt(4)) {
          case 0 -> r.nextInt(10);
          case 1 -> r.nextGaussian() * 1e6;
          case 2 -> Double.longBitsToDouble(0x7ff0000000000002L); // staleness marker
          default -> i;
        };
        bits[i] = Double.doubleToRawLongBits(v);
        cur += step + r.nextInt(50);
        kept++;
      }
      t = java.util.Arrays.copyOf(t, kept);
      bits = java.util.Arrays.copyOf(bits, kept);
      List<XorChunk> chunks = new ArrayList<>();
      XorChunk c = null;
      for (int i = 0; i < kept; i++) {
        if (c == null || c.numSamples() >= 1 + r.nextInt(150)) {
          c = new XorChunk();
          chunks.add(c);
        }
        c.append(t[i], Double.longBitsToDouble(bits[i]));
      }
      expected.put(l, new Samples(t, bits));
      source.add(l, chunks);
    }
  }
}
