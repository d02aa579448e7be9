package dev.vigil.client.exposition;

import dev.vigil.client.model.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Renders the metric families of one scrape in one wire format.
 *
 * <p>Contract:
 * <ul>
 *   <li>Implementations are stateless and thread-safe: one instance serves concurrent scrapes,
 *       each {@link #write} call keeps its working state to itself.
 *   <li>{@link #write} only reads the immutable snapshots; it never sees live metric state.
 *   <li>{@link #write} writes the complete exposition (including any end marker such as
 *       OpenMetrics' {@code # EOF}), flushes {@code out} and leaves it open: the caller owns the
 *       stream, which may be a socket, a gzip stream or a byte array.
 *   <li>{@link #accepts} never throws, whatever the header holds.
 * </ul>
 */
public interface ExpositionWriter {
  /**
   * Whether this writer can serve a request with this {@code Accept} header: true when one of
   * its media ranges with a non-zero quality names this writer's format. Wildcards count only
   * for the writer that should answer them (the Prometheus text format). A null or blank header
   * is accepted by no writer; choosing a default is the job of {@link ExpositionFormats}.
   */
  boolean accepts(String acceptHeader);

  /** The exact {@code Content-Type} of what {@link #write} produces, including version. */
  String getContentType();

  /** Writes every family of {@code snapshots}, in their (name) order. */
  void write(OutputStream out, MetricSnapshots snapshots) throws IOException;
}
