package dev.vigil.client.exposition;

import dev.vigil.client.model.MetricSnapshots;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One collected, negotiated scrape, ready to be sent: the HTTP server adapter sets
 * {@link #getContentType()} and, when not null, {@link #getContentEncoding()} as response
 * headers, then calls {@link #writeBody}. Collection has already happened, so a failing collector
 * shows up when the scrape is made, before any header is sent, and can become a 500.
 *
 * <p>Immutable; {@link #writeBody} may be called more than once.
 */
public final class Scrape {
  private final MetricSnapshots snapshots;
  private final ExpositionWriter writer;
  private final boolean gzip;

  Scrape(MetricSnapshots snapshots, ExpositionWriter writer, boolean gzip) {
    this.snapshots = snapshots;
    this.writer = writer;
    this.gzip = gzip;
  }

  public String getContentType() {
    return writer.getContentType();
  }

  /** {@code gzip}, or null when the body is sent uncompressed. */
  public String getContentEncoding() {
    return gzip ? "gzip" : null;
  }

  public boolean isGzip() {
    return gzip;
  }

  public ExpositionWriter getWriter() {
    return writer;
  }

  public MetricSnapshots getSnapshots() {
    return snapshots;
  }

  /**
   * Writes the body, gzip-compressed when negotiated, and flushes {@code out} without closing
   * it: the caller owns the stream (closing an exchange's stream usually ends the response).
   */
  public void writeBody(OutputStream out) throws IOException {
    if (!gzip) {
      writer.write(out, snapshots);
      return;
    }
    // Closing the gzip stream releases its native Deflater at once instead of at GC; the
    // wrapper keeps that close from reaching the caller's stream.
    try (GZIPOutputStream z = new GZIPOutputStream(new KeepOpen(out), 8192)) {
      writer.write(z, snapshots);
    }
  }

  /** Passes writes through, turns close() into flush(). */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
