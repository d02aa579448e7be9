package dev.vigil.server.scrape;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Fetches one scrape over HTTP: offers OpenMetrics first and the text format second, asks for
 * gzip, tells the target its timeout, and reads at most {@code bodySizeLimit} bytes so a huge or
 * endless body fails the scrape instead of the server.
 */
final class Fetcher {
  /** What Prometheus 2.x sends by default: OpenMetrics preferred, text format as fallback. */
  static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
      + "application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

  private final OkHttpClient client;
  private final String setupError;

  /** @param setupError when set, every fetch fails with it (a job whose settings are unusable) */
  Fetcher(OkHttpClient client, String setupError) {
    this.client = client;
    this.setupError = setupError;
  }


  /**
   * @param headers extra request headers (authorization); may be empty
   * @param bodySizeLimit maximum decompressed body in bytes, 0 for no limit
   */
  ScrapeResponse fetch(String url, long timeoutMillis, Map<String, String> headers,
      long bodySizeLimit, byte[] buffer) throws ScrapeException {
    if (setupError != null) {
      throw new ScrapeException(setupError);
    }
    Request.Builder rb = new Request.Builder().url(url)
        .header("Accept", ACCEPT)
        .header("Accept-Encoding", "gzip")
        .header("User-Agent", "Vigil/0.1")
        .header("X-Prometheus-Scrape-Timeout-Seconds", java.math.BigDecimal.valueOf(timeoutMillis)
            .movePointLeft(3).stripTrailingZeros().toPlainString());
    headers.forEach(rb::header);
    Call call = client.newCall(rb.build());
    call.timeout().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    try (Response resp = call.execute()) {
      if (resp.code() != 200) {
        throw new ScrapeException("server returned HTTP status " + resp.code() + " "
            + resp.message());
      }
      ResponseBody body = resp.body();
      // OkHttp only decompresses transparently when it added Accept-Encoding itself.
      boolean gzip = "gzip".equalsIgnoreCase(resp.header("Content-Encoding"));
      // Closing the gzip stream frees its Inflater's native memory now rather than at some GC.
      try (InputStream in = gzip ? new GZIPInputStream(body.byteStream(), 8192)
          : body.byteStream()) {
        return read(in, bodySizeLimit, buffer, resp.header("Content-Type"));
      }
    } catch (InterruptedIOException e) {
      throw new ScrapeException("context deadline exceeded (timeout " + timeoutMillis + "ms)", e);
    } catch (IOException e) {
      throw new ScrapeException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static ScrapeResponse read(InputStream in, long limit, byte[] buffer, String type)
      throws IOException, ScrapeException {
    byte[] buf = buffer;
    int n = 0;
    while (true) {
      if (n == buf.length) {
        // One byte past the limit is enough to know the body is too big.
        long grown = limit > 0 ? Math.min((long) buf.length * 2, limit + 1) : (long) buf.length * 2;
        if (grown > Integer.MAX_VALUE - 16) {
          throw new ScrapeException("body larger than 2 GiB");
        }
        buf = Arrays.copyOf(buf, (int) Math.max(grown, n + 1));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
      if (limit > 0 && n > limit) {
        throw new ScrapeException("body size limit exceeded (" + limit + " bytes)");
      }
    }
    return new ScrapeResponse(buf, n, type);
  }
}
