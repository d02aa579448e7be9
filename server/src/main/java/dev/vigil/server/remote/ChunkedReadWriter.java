package dev.vigil.server.remote;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.SampleIterator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Writes the STREAMED_XOR_CHUNKS response of remote read: a sequence of frames, each the
 * message's length as an unsigned varint, the CRC-32C (Castagnoli) of the message as 4 bytes
 * big-endian, then a ChunkedReadResponse holding part of one series (its labels and some
 * chunks) and the query's index. A series is streamed whole before the next starts; it is split
 * over several frames once its chunks pass {@link #maxFrameBytes}, and every frame is flushed so a
 * reader sees data while the rest is still read from storage. Chunks hold up to
 * {@link #SAMPLES_PER_CHUNK} samples, as Prometheus cuts them.
 *
 * <p>Only one chunk and one frame of a series are in memory at a time; the buffers are reused
 * for the whole response. Not thread-safe: one per response.
 */
final class ChunkedReadWriter {
  static final int SAMPLES_PER_CHUNK = 120;
  /** Prometheus's default frame bound ({@code 1 MiB}); a frame may pass it by one chunk. */
  static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

  private final OutputStream out;
  private final int maxFrameBytes;
  private final PromXorChunk chunk = new PromXorChunk();
  private final CRC32C crc = new CRC32C();
  /** Encoded Chunk messages (with their ChunkedSeries field tags) of the frame being built. */
  private byte[] chunks = new byte[64 * 1024];
  private int chunksLen;
  private byte[] frame = new byte[64 * 1024];
  private final byte[] header = new byte[14];
  private long frames;

  ChunkedReadWriter(OutputStream out, int maxFrameBytes) {
    this.out = out;
    this.maxFrameBytes = maxFrameBytes;
  }

  long frames() {
    return frames;
  }

  /**
   * Streams one series' samples in {@code [mint, maxt]} (float samples only: the XOR encoding
   * holds no histograms) and returns how many were written; a series with none writes nothing.
   */
  int series(int queryIndex, byte[] labelFields, SampleIterator it, long mint, long maxt)
      throws IOException {
    chunk.reset();
    chunksLen = 0;
    int n = 0;
    boolean histograms = it.mayHaveHistograms();
    while (it.next()) {
      long t = it.atT();
      if (t > maxt) {
        break;
      }
      if (t < mint || (histograms && it.atHistogram() != null)) {
        continue;
      }
      chunk.append(t, it.atV());
      n++;
      if (chunk.count() == SAMPLES_PER_CHUNK) {
        endChunk(queryIndex, labelFields);
      }
    }
    if (chunk.count() > 0) {
      endChunk(queryIndex, labelFields);
    }
    if (chunksLen > 0) {
      writeFrame(queryIndex, labelFields);
    }
    return n;
  }

  private void endChunk(int queryIndex, byte[] labelFields) throws IOException {
    int dataLen = chunk.byteLength();
    int body = CodedOutputStream.computeInt64Size(Prompb.CHUNK_MINT, chunk.minT())
        + CodedOutputStream.computeInt64Size(Prompb.CHUNK_MAXT, chunk.maxT())
        + CodedOutputStream.computeEnumSize(Prompb.CHUNK_TYPE, Prompb.CHUNK_XOR)
        + CodedOutputStream.computeTagSize(Prompb.CHUNK_DATA)
        + CodedOutputStream.computeUInt32SizeNoTag(dataLen) + dataLen;
    int size = CodedOutputStream.computeTagSize(Prompb.CS_CHUNKS)
        + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
    if (chunksLen + size > chunks.length) {
      chunks = java.util.Arrays.copyOf(chunks, Math.max(chunksLen + size, chunks.length * 2));
    }
    CodedOutputStream o = CodedOutputStream.newInstance(chunks, chunksLen, size);
    o.writeTag(Prompb.CS_CHUNKS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    o.writeUInt32NoTag(body);
    o.writeInt64(Prompb.CHUNK_MINT, chunk.minT());
    o.writeInt64(Prompb.CHUNK_MAXT, chunk.maxT());
    o.writeEnum(Prompb.CHUNK_TYPE, Prompb.CHUNK_XOR);
    o.writeTag(Prompb.CHUNK_DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    o.writeUInt32NoTag(dataLen);
    o.writeRawBytes(chunk.bytes(), 0, dataLen);
    o.checkNoSpaceLeft();
    chunksLen += size;
    chunk.reset();
    if (chunksLen + labelFields.length >= maxFrameBytes) {
      writeFrame(queryIndex, labelFields);
    }
  }

  /** One frame: ChunkedReadResponse { chunked_series { labels, chunks... }, query_index }. */
  private void writeFrame(int queryIndex, byte[] labelFields) throws IOException {
    int series = labelFields.length + chunksLen;
    int msg = CodedOutputStream.computeTagSize(Prompb.CRR_SERIES)
        + CodedOutputStream.computeUInt32SizeNoTag(series) + series
        + (queryIndex == 0 ? 0 : CodedOutputStream.computeInt64Size(Prompb.CRR_QUERY_INDEX,
            queryIndex));
    if (frame.length < msg) {
      frame = new byte[Math.max(msg, frame.length * 2)];
    }
    CodedOutputStream o = CodedOutputStream.newInstance(frame, 0, msg);
    o.writeTag(Prompb.CRR_SERIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    o.writeUInt32NoTag(series);
    // ChunkedSeries.labels is field 1 like TimeSeries.labels, so the cached encoding fits.
    o.writeRawBytes(labelFields);
    o.writeRawBytes(chunks, 0, chunksLen);
    if (queryIndex != 0) {
      o.writeInt64(Prompb.CRR_QUERY_INDEX, queryIndex);
    }
    o.checkNoSpaceLeft();
    crc.reset();
    crc.update(frame, 0, msg);
    int c = (int) crc.getValue();
    CodedOutputStream h = CodedOutputStream.newInstance(header);
    h.writeUInt32NoTag(msg);
    int hl = h.getTotalBytesWritten();
    header[hl] = (byte) (c >>> 24);
    header[hl + 1] = (byte) (c >>> 16);
    header[hl + 2] = (byte) (c >>> 8);
    header[hl + 3] = (byte) c;
    out.write(header, 0, hl + 4);
    out.write(frame, 0, msg);
    out.flush();
    frames++;
    chunksLen = 0;
  }
}
