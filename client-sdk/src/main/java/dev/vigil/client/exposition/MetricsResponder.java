package dev.vigil.client.exposition;

import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.NameFilter;
import dev.vigil.client.model.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Serves scrapes of a registry from any HTTP server (the JDK's, Undertow, a servlet container):
 * the adapter passes the request's {@code Accept} and {@code Accept-Encoding} headers and raw
 * query string to {@link #scrape}, copies the resulting content type and encoding into the
 * response and streams {@link Scrape#writeBody} into it.
 *
 * <pre>{@code
 * Scrape s = responder.scrape(accept, acceptEncoding, rawQuery); // may throw: answer 500
 * response.setHeader("Content-Type", s.getContentType());
 * if (s.getContentEncoding() != null) response.setHeader("Content-Encoding", "gzip");
 * s.writeBody(response.getOutputStream());
 * }</pre>
 *
 * <p>The query parameter {@code name[]} (repeatable, URL-encoded) restricts the scrape to the
 * named families; a family matches by its base name or any sample name the formats write for it,
 * so {@code name[]=foo_total} selects the counter {@code foo}.
 *
 * <p>Thread-safe.
 */
public final class MetricsResponder {
  /** The {@code Vary} value for scrape responses: they depend on both negotiated headers. */
  public static final String VARY = "Accept, Accept-Encoding";

  private final Registry registry;
  private final ExpositionFormats formats;

  /** Serves {@code registry} with {@link ExpositionFormats#defaults()}. */
  public MetricsResponder(Registry registry) {
    this(registry, ExpositionFormats.defaults());
  }

  public MetricsResponder(Registry registry, ExpositionFormats formats) {
    if (registry == null || formats == null) {
      throw new IllegalArgumentException("registry and formats must not be null");
    }
    this.registry = registry;
    this.formats = formats;
  }

  /**
   * Negotiates the format and compression and collects the families now. Every argument may be
   * null. Malformed headers fall back to uncompressed text 0.0.4.
   *
   * @throws RuntimeException whatever a collector throws; nothing has been written yet
   */
  public Scrape scrape(String accept, String acceptEncoding, String rawQuery) {
    ExpositionWriter writer = formats.select(accept);
    boolean gzip = acceptsGzip(acceptEncoding);
    List<String> names = nameParameters(rawQuery);
    MetricSnapshots snapshots =
        names.isEmpty() ? registry.scrape() : registry.scrape(NameFilter.of(names));
    return new Scrape(snapshots, writer, gzip);
  }

  /** The writer a request with this {@code Accept} header gets, without collecting anything. */
  public ExpositionWriter negotiate(String accept) {
    return formats.select(accept);
  }

  /** Writes every family in the fallback format (text 0.0.4), uncompressed. */
  public void write(OutputStream out) throws IOException {
    formats.getFallback().write(out, registry.scrape());
  }

  /** Writes every family in the format {@code accept} negotiates, uncompressed. */
  public void write(OutputStream out, String accept) throws IOException {
    formats.select(accept).write(out, registry.scrape());
  }

  public Registry getRegistry() {
    return registry;
  }

  public ExpositionFormats getFormats() {
    return formats;
  }

  /**
   * Whether a response may be gzip-compressed: {@code gzip} (or {@code x-gzip}) is listed with a
   * non-zero quality, or not listed while {@code *} is. Never throws.
   */
  public static boolean acceptsGzip(String acceptEncoding) {
    double gzip = -1;
    double any = -1;
    for (HeaderElement e : HeaderElement.parse(acceptEncoding)) {
      if (e.value.equals("gzip") || e.value.equals("x-gzip")) {
        gzip = Math.max(gzip, e.q);
      } else if (e.value.equals("*")) {
        any = Math.max(any, e.q);
      }
    }
    return gzip >= 0 ? gzip > 0 : any > 0;
  }

  /**
   * The URL-decoded, non-empty values of the {@code name[]} parameters of a raw query string
   * (the part after {@code ?}, still encoded); empty for null. Never throws: a malformed escape
   * is kept as it is.
   */
  public static List<String> nameParameters(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Collections.emptyList();
    }
    List<String> names = new ArrayList<>();
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      String param = rawQuery.substring(start, end);
      int eq = param.indexOf('=');
      if (eq > 0 && decode(param.substring(0, eq)).equals("name[]")) {
        String value = decode(param.substring(eq + 1));
        if (!value.isEmpty()) {
          names.add(value);
        }
      }
      start = end + 1;
    }
    return names;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
