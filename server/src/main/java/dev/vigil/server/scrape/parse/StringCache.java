package dev.vigil.server.scrape.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounded, direct-mapped byte-range → String cache. A scrape loop may keep one per target and
 * hand it to each new parser, so steady-state scrapes allocate no strings at all; it is not
 * thread-safe, so one cache must not be used by two parsers at once.
 *
 * <p> Metric names, label names and most label
 * values repeat on every sample and every scrape, so a hit saves the String and its byte[]; a
 * collision simply replaces the slot (no chains, no resizing: memory stays bounded).
 */
public final class StringCache {
  // Reads 8 bytes at a time for hashing; C2 turns this into a plain load.
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private final byte[][] keys;
  private final String[] values;
  private final int mask;

  /** A cache with {@code sizePowerOfTwo} slots (e.g. 8192; each holds one string). */
  public StringCache(int sizePowerOfTwo) {
    if (Integer.bitCount(sizePowerOfTwo) != 1) {
      throw new IllegalArgumentException("cache size must be a power of two: " + sizePowerOfTwo);
    }
    keys = new byte[sizePowerOfTwo][];
    values = new String[sizePowerOfTwo];
    mask = sizePowerOfTwo - 1;
  }

  /** The string for UTF-8 bytes {@code buf[from, to)}, or null if they are not valid UTF-8. */
  String get(byte[] buf, int from, int to) {
    int slot = hash(buf, from, to) & mask;
    byte[] k = keys[slot];
    if (k != null && Arrays.equals(k, 0, k.length, buf, from, to)) {
      return values[slot];
    }
    String s = decode(buf, from, to);
    if (s != null) {
      keys[slot] = Arrays.copyOfRange(buf, from, to);
      values[slot] = s;
    }
    return s;
  }

  private static int hash(byte[] buf, int from, int to) {
    long h = hash64(buf, from, to);
    return (int) (h ^ (h >>> 32));
  }

  /** A fast 64-bit hash of a byte range (not cryptographic; used for cache slots and keys). */
  public static long hash64(byte[] buf, int from, int to) {
    long h = to - from;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONGS.get(buf, i)) * 0x9E3779B97F4A7C15L;
    }
    for (; i < to; i++) {
      h = (h ^ buf[i]) * 0x100000001B3L;
    }
    h ^= h >>> 29;
    return h;
  }

  /** Decodes strictly: invalid UTF-8 yields null rather than replacement characters. */
  static String decode(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] < 0) {
        try {
          return StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, from, to - from)).toString();
        } catch (CharacterCodingException e) {
          return null;
        }
      }
    }
    return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
  }

  static String decodeLenient(byte[] buf, int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.UTF_8);
  }
}
