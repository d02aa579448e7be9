package dev.vigil.server.remote;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a STREAMED_XOR_CHUNKS response and the XOR chunks in it, written independently of the
 * encoder under test (bit reader, not bit writer), so the tests check one against the other and
 * both against what the real Prometheus sends.
 */
final class ChunkedReadDecoder {
  record Chunk(long mint, long maxt, int type, byte[] data) {}

  record Frame(int messageBytes, long queryIndex, Labels labels, List<Chunk> chunks) {}

  /** Decoded samples of one chunk: timestamps and raw value bits. */
  record Samples(long[] t, long[] vBits) {}

  private ChunkedReadDecoder() {}

  /** Every frame of the stream; a CRC mismatch, a short frame or trailing garbage fails. */
  static List<Frame> frames(InputStream in) throws IOException {
    List<Frame> out = new ArrayList<>();
    while (true) {
      int first = in.read();
      if (first < 0) {
        return out;
      }
      int len = (int) readUvarint(first, in);
      byte[] crcBytes = in.readNBytes(4);
      byte[] msg = in.readNBytes(len);
      if (crcBytes.length < 4 || msg.length < len) {
        throw new IOException("truncated frame: wanted " + len + " bytes, got " + msg.length);
      }
      long want = ((crcBytes[0] & 0xffL) << 24) | ((crcBytes[1] & 0xff) << 16)
          | ((crcBytes[2] & 0xff) << 8) | (crcBytes[3] & 0xff);
      CRC32C crc = new CRC32C();
      crc.update(msg);
      if (crc.getValue() != want) {
        throw new IOException("CRC mismatch in frame " + out.size());
      }
      out.add(message(msg));
    }
  }

  private static long readUvarint(int first, InputStream in) throws IOException {
    long v = 0;
    int shift = 0;
    int b = first;
    while (true) {
      if (b < 0) {
        throw new IOException("truncated length");
      }
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
      shift += 7;
      b = in.read();
    }
  }

  private static Frame message(byte[] msg) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(msg);
    long queryIndex = 0;
    Labels labels = null;
    List<Chunk> chunks = new ArrayList<>();
    int seriesCount = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> {
          seriesCount++;
          int limit = in.pushLimit(in.readRawVarint32());
          List<String> kv = new ArrayList<>();
          while (true) {
            int t = in.readTag();
            if (t == 0) {
              break;
            }
            int l = in.pushLimit(in.readRawVarint32());
            if (WireFormat.getTagFieldNumber(t) == 1) {
              String name = "";
              String value = "";
              while (true) {
                int lt = in.readTag();
                if (lt == 0) {
                  break;
                }
                if (WireFormat.getTagFieldNumber(lt) == 1) {
                  name = in.readStringRequireUtf8();
                } else {
                  value = in.readStringRequireUtf8();
                }
              }
              kv.add(name);
              kv.add(value);
            } else {
              chunks.add(chunk(in));
            }
            in.popLimit(l);
          }
          in.popLimit(limit);
          labels = Prompb.toLabels(kv);
        }
        case 2 -> queryIndex = in.readInt64();
        default -> throw new IOException("unexpected field in ChunkedReadResponse: " + tag);
      }
    }
    if (seriesCount != 1) {
      throw new IOException("frame with " + seriesCount + " series");
    }
    return new Frame(msg.length, queryIndex, labels, chunks);
  }

  private static Chunk chunk(CodedInputStream in) throws IOException {
    long mint = 0;
    long maxt = 0;
    int type = 0;
    byte[] data = new byte[0];
    while (true) {
      int t = in.readTag();
      if (t == 0) {
        return new Chunk(mint, maxt, type, data);
      }
      switch (WireFormat.getTagFieldNumber(t)) {
        case 1 -> mint = in.readInt64();
        case 2 -> maxt = in.readInt64();
        case 3 -> type = in.readEnum();
        case 4 -> data = in.readByteArray();
        default -> in.skipField(t);
      }
    }
  }

  /** The samples of an XOR chunk; fails on bytes left over or missing. */
  static Samples xor(byte[] data) throws IOException {
    BitReader r = new BitReader(data);
    int n = (int) r.bits(16);
    long[] ts = new long[n];
    long[] vs = new long[n];
    long t = 0;
    long delta = 0;
    long v = 0;
    int leading = 0;
    int trailing = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0) {
        long z = r.uvarint();
        t = (z >>> 1) ^ -(z & 1);
        v = r.bits(64);
      } else {
        if (i == 1) {
          delta = r.uvarint();
        } else {
          int ones = 0;
          while (ones < 4 && r.bits(1) == 1) {
            ones++;
          }
          int width = switch (ones) {
            case 0 -> 0;
            case 1 -> 14;
            case 2 -> 17;
            case 3 -> 20;
            default -> 64;
          };
          long dod = width == 0 ? 0 : r.bits(width);
          if (width != 0 && width != 64 && dod > (1L << (width - 1))) {
            dod -= 1L << width; // the class's range is -(2^(w-1) - 1) .. 2^(w-1)
          }
          delta += dod;
        }
        t += delta;
        if (r.bits(1) == 1) {
          if (r.bits(1) == 1) {
            leading = (int) r.bits(5);
            int sig = (int) r.bits(6);
            if (sig == 0) {
              sig = 64;
            }
            trailing = 64 - leading - sig;
          }
          int sig = 64 - leading - trailing;
          v ^= r.bits(sig) << trailing;
        }
      }
      ts[i] = t;
      vs[i] = v;
    }
    if ((r.pos + 7) / 8 != data.length) {
      throw new IOException("chunk of " + data.length + " bytes holds " + (r.pos + 7) / 8);
    }
    if (r.pos % 8 != 0 && r.bits((int) (8 - r.pos % 8)) != 0) {
      throw new IOException("padding bits are not zero");
    }
    return new Samples(ts, vs);
  }

  private static final class BitReader {
    final byte[] b;
    long pos;

    BitReader(byte[] b) {
      this.b = b;
    }

    long bits(int n) throws IOException {
      long v = 0;
      for (int i = 0; i < n; i++) {
        int idx = (int) (pos >>> 3);
        if (idx >= b.length) {
          throw new IOException("chunk ends inside a sample");
        }
        v = (v << 1) | ((b[idx] >>> (7 - (pos & 7))) & 1);
        pos++;
      }
      return v;
    }

    long uvarint() throws IOException {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        long x = bits(8);
        v |= (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
    }
  }

  /** All frames' bytes as one stream (for tests that write to memory). */
  static List<Frame> frames(byte[] stream) throws IOException {
    return frames(new java.io.ByteArrayInputStream(stream));
  }
}
