package dev.vigil.server.tsdb.block;

import java.security.SecureRandom;

/**
 * Block ids in the ULID shape: 48 bits of creation time in milliseconds then 80 random bits,
 * as 26 Crockford base32 characters. Ids sort by creation time as plain strings, so a directory
 * listing is roughly in age order, and the random part makes clashes between writers unlikely.
 */
final class BlockId {
  private static final String DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final char[] ALPHABET = DIGITS.toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  static final int LENGTH = 26;

  private BlockId() {}

  static String next(long timeMillis) {
    long hi = (timeMillis << 16) | (RANDOM.nextInt() & 0xFFFF);
    long lo = RANDOM.nextLong();
    char[] out = new char[LENGTH];
    // 26 groups of 5 bits cover 130 bits: the top group holds only the 3 highest bits.
    for (int i = 0; i < LENGTH; i++) {
      int shift = 125 - 5 * i;
      long group;
      if (shift >= 64) {
        group = hi >>> (shift - 64);
      } else if (shift + 5 <= 64) {
        group = lo >>> shift;
      } else {
        group = (lo >>> shift) | (hi << (64 - shift));
      }
      out[i] = ALPHABET[(int) (group & 31)];
    }
    return new String(out);
  }

  static boolean isValid(String s) {
    if (s.length() != LENGTH || s.charAt(0) > '7') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (DIGITS.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
