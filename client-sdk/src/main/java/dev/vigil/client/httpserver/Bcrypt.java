package dev.vigil.client.httpserver;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Checks a password against a bcrypt hash ({@code $2a$}, {@code $2b$}, {@code $2y$}), the format
 * of {@code basic_auth_users} in a web configuration file. Written here because client-sdk takes
 * no dependencies.
 */
final class Bcrypt {
  private static final String ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final byte[] MAGIC = "OrpheanBeholderScryDoubt".getBytes(StandardCharsets.US_ASCII);
  private static final int P_WORDS = 18;
  private static final int S_WORDS = 1024;
  /** Blowfish's initial P-array and S-boxes: the fractional hex digits of pi, in order. */
  private static final int[] PI_WORDS = piWords(P_WORDS + S_WORDS);

  /** Hashes computed so far; tests use it to see that an unknown user costs a run too. */
  private static final java.util.concurrent.atomic.AtomicLong RUNS =
      new java.util.concurrent.atomic.AtomicLong();

  private Bcrypt() {}

  static long runs() {
    return RUNS.get();
  }

  /** Whether {@code password} (UTF-8) hashes to {@code hash}; false for a malformed hash. */
  static boolean verify(String password, String hash) {
    byte[] expected = hash.getBytes(StandardCharsets.US_ASCII);
    byte[] actual;
    try {
      actual = hash(password.getBytes(StandardCharsets.UTF_8), hash)
          .getBytes(StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, actual);
  }

  /** Checks the shape of a hash: what {@link #verify} would refuse as malformed, as a message. */
  static String problem(String hash) {
    try {
      parseCost(hash);
      decode(hash.substring(7, 29), 16);
      if (hash.length() != 60) {
        return "a bcrypt hash has 60 characters";
      }
      return null;
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      return e.getMessage() == null ? "not a bcrypt hash" : e.getMessage();
    }
  }

  /** The full hash string of {@code password} with the version, cost and salt of {@code setting}. */
  static String hash(byte[] password, String setting) {
    int cost = parseCost(setting);
    RUNS.incrementAndGet();
    if (setting.length() < 29) {
      throw new IllegalArgumentException("not a bcrypt hash: too short");
    }
    byte[] salt = decode(setting.substring(7, 29), 16);
    // The key is the password with its terminating NUL, at most 72 bytes.
    byte[] key = Arrays.copyOf(password, Math.min(password.length + 1, 72));
    int[] p = Arrays.copyOfRange(PI_WORDS, 0, P_WORDS);
    int[] s = Arrays.copyOfRange(PI_WORDS, P_WORDS, P_WORDS + S_WORDS);
    expand(p, s, salt, key);
    long rounds = 1L << cost;
    for (long i = 0; i < rounds; i++) {
      expand(p, s, null, key);
      expand(p, s, null, salt);
    }
    int[] text = new int[6];
    for (int i = 0; i < 6; i++) {
      text[i] = word(MAGIC, i * 4);
    }
    int[] lr = new int[2];
    for (int n = 0; n < 64; n++) {
      for (int i = 0; i < 6; i += 2) {
        lr[0] = text[i];
        lr[1] = text[i + 1];
        encipher(p, s, lr);
        text[i] = lr[0];
        text[i + 1] = lr[1];
      }
    }
    byte[] out = new byte[24];
    for (int i = 0; i < 6; i++) {
      out[i * 4] = (byte) (text[i] >>> 24);
      out[i * 4 + 1] = (byte) (text[i] >>> 16);
      out[i * 4 + 2] = (byte) (text[i] >>> 8);
      out[i * 4 + 3] = (byte) text[i];
    }
    return setting.substring(0, 29) + encode(out, 23);
  }

  private static int parseCost(String hash) {
    if (hash.length() < 7 || hash.charAt(0) != '$' || hash.charAt(1) != '2'
        || "aby".indexOf(hash.charAt(2)) < 0 || hash.charAt(3) != '$' || hash.charAt(6) != '$') {
      throw new IllegalArgumentException("not a bcrypt hash: it must start with $2a$, $2b$ or $2y$");
    }
    int cost;
    try {
      cost = Integer.parseInt(hash.substring(4, 6));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bcrypt cost is not a number: " + hash.substring(4, 6));
    }
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost " + cost + " is outside 4..31");
    }
    return cost;
  }

  /** Blowfish's key schedule, with bcrypt's salt mixed into each encryption when given. */
  private static void expand(int[] p, int[] s, byte[] salt, byte[] key) {
    int[] pos = {0};
    for (int i = 0; i < P_WORDS; i++) {
      p[i] ^= stream(key, pos);
    }
    int[] lr = new int[2];
    int[] saltPos = {0};
    for (int i = 0; i < P_WORDS; i += 2) {
      next(p, s, salt, saltPos, lr);
      p[i] = lr[0];
      p[i + 1] = lr[1];
    }
    for (int i = 0; i < S_WORDS; i += 2) {
      next(p, s, salt, saltPos, lr);
      s[i] = lr[0];
      s[i + 1] = lr[1];
    }
  }

  private static void next(int[] p, int[] s, byte[] salt, int[] saltPos, int[] lr) {
    if (salt != null) {
      lr[0] ^= stream(salt, saltPos);
      lr[1] ^= stream(salt, saltPos);
    }
    encipher(p, s, lr);
  }

  private static void encipher(int[] p, int[] s, int[] lr) {
    int l = lr[0];
    int r = lr[1];
    l ^= p[0];
    for (int i = 1; i <= 16; i += 2) {
      r ^= f(s, l) ^ p[i];
      l ^= f(s, r) ^ p[i + 1];
    }
    lr[0] = r ^ p[17];
    lr[1] = l;
  }

  private static int f(int[] s, int x) {
    return ((s[x >>> 24] + s[256 | ((x >>> 16) & 0xff)]) ^ s[512 | ((x >>> 8) & 0xff)])
        + s[768 | (x & 0xff)];
  }

  /** The next four bytes of {@code data}, read cyclically, as a big-endian word. */
  private static int stream(byte[] data, int[] pos) {
    int w = 0;
    for (int i = 0; i < 4; i++) {
      w = (w << 8) | (data[pos[0]] & 0xff);
      pos[0] = (pos[0] + 1) % data.length;
    }
    return w;
  }

  private static int word(byte[] b, int off) {
    return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }

  private static String encode(byte[] data, int len) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < len) {
      int c1 = data[i++] & 0xff;
      sb.append(ALPHABET.charAt(c1 >> 2));
      c1 = (c1 & 0x03) << 4;
      if (i >= len) {
        sb.append(ALPHABET.charAt(c1));
        break;
      }
      int c2 = data[i++] & 0xff;
      sb.append(ALPHABET.charAt(c1 | (c2 >> 4)));
      c1 = (c2 & 0x0f) << 2;
      if (i >= len) {
        sb.append(ALPHABET.charAt(c1));
        break;
      }
      c2 = data[i++] & 0xff;
      sb.append(ALPHABET.charAt(c1 | (c2 >> 6)));
      sb.append(ALPHABET.charAt(c2 & 0x3f));
    }
    return sb.toString();
  }

  private static byte[] decode(String text, int len) {
    byte[] out = new byte[len];
    int bits = 0;
    int acc = 0;
    int n = 0;
    for (int i = 0; i < text.length() && n < len; i++) {
      int v = ALPHABET.indexOf(text.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not a bcrypt hash: bad character '" + text.charAt(i)
            + "' in the salt");
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (acc >> bits);
      }
    }
    if (n < len) {
      throw new IllegalArgumentException("not a bcrypt hash: salt too short");
    }
    return out;
  }

  /**
   * {@code count} 32-bit words of pi's fractional part, computed with Machin's formula
   * (pi = 16 atan(1/5) - 4 atan(1/239)) in fixed point with 64 guard bits; a few ms at start.
   */
  static int[] piWords(int count) {
    int bits = count * 32 + 64;
    BigInteger one = BigInteger.ONE.shiftLeft(bits);
    BigInteger pi = arctanInverse(5, one).shiftLeft(4).subtract(arctanInverse(239, one).shiftLeft(2));
    BigInteger frac = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(64);
    int[] words = new int[count];
    for (int i = 0; i < count; i++) {
      words[i] = frac.shiftRight((count - 1 - i) * 32).intValue();
    }
    return words;
  }

  private static BigInteger arctanInverse(int x, BigInteger one) {
    BigInteger x2 = BigInteger.valueOf((long) x * x);
    BigInteger power = one.divide(BigInteger.valueOf(x));
    BigInteger sum = power;
    for (int k = 1; power.signum() != 0; k++) {
      power = power.divide(x2);
      BigInteger term = power.divide(BigInteger.valueOf(2L * k + 1));
      sum = (k & 1) == 1 ? sum.subtract(term) : sum.add(term);
    }
    return sum;
  }
}
