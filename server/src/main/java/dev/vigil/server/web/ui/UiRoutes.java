package dev.vigil.server.web.ui;

import dev.vigil.server.web.WebServer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web UI: one HTML shell for every page (the page's module picks what to draw from the
 * path), the UI's own ES modules and stylesheet, and uPlot from its webjar. Every response
 * carries a Content-Security-Policy that allows only scripts and styles from this server, so a
 * label value that slipped into markup could still not run.
 */
public final class UiRoutes {
  /** No inline script or style, nothing from elsewhere, not framed, no form posting away. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
      + "form-action 'self'; object-src 'none'";

  /** The paths that show the UI; Prometheus's page names, so links people have keep working. */
  static final List<String> PAGES = List.of("/graph", "/alerts", "/targets", "/rules",
      "/service-discovery", "/status", "/flags", "/config", "/tsdb-status",
      "/alertmanager/alerts", "/alertmanager/silences", "/alertmanager/silences/new");

  private static final String ROOT = "dev/vigil/server/web/ui/";
  private static final String UPLOT = "META-INF/resources/webjars/uplot/";
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "html", "text/html; charset=utf-8",
      "svg", "image/svg+xml");

  private final ClassLoader loader;
  private final String uplotDir;
  /** Assets read so far; a missing one is not remembered, so it costs a lookup each time. */
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  private UiRoutes(ClassLoader loader) {
    this.loader = loader;
    this.uplotDir = UPLOT + uplotVersion(loader) + "/dist/";
  }

  /** Adds the UI's routes: {@code /} redirects to {@code /graph}. */
  public static void install(WebServer.Builder b) {
    UiRoutes ui = new UiRoutes(UiRoutes.class.getClassLoader());
    b.get("/", ex -> {
      headers(ex);
      ex.setStatusCode(StatusCodes.FOUND);
      ex.getResponseHeaders().put(Headers.LOCATION, "/graph");
      ex.endExchange();
    });
    HttpHandler shell = ex -> ui.serve(ex, ui.own("index.html"), "no-cache");
    for (String page : PAGES) {
      b.get(page, shell);
    }
    b.get("/assets/{file}", ex -> ui.serve(ex, ui.own(param(ex, "file")), "no-cache"));
    // uPlot's version is in its path inside the jar, not in ours; a day's caching is plenty.
    b.get("/assets/vendor/{file}",
        ex -> ui.serve(ex, ui.vendor(param(ex, "file")), "public, max-age=86400"));
  }

  private static String param(HttpServerExchange ex, String name) {
    return ex.getQueryParameters().get(name).getFirst();
  }

  private Asset own(String file) {
    // Only plain names: the route gives one path segment; dots first would reach dotfiles.
    if (!file.matches("[a-z0-9][a-z0-9-]*\\.(js|css|html|svg)")) {
      return null;
    }
    return load(ROOT + file, file);
  }

  private Asset vendor(String file) {
    // Only the two files the UI uses, not the webjar's whole content.
    if (!file.equals("uPlot.iife.min.js") && !file.equals("uPlot.min.css")) {
      return null;
    }
    return load(uplotDir + file, file);
  }

  private Asset load(String resource, String file) {
    Asset cached = cache.get(resource);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      byte[] body = in.readAllBytes();
      String ext = file.substring(file.lastIndexOf('.') + 1);
      Asset a = new Asset(body, TYPES.get(ext), etag(body));
      cache.put(resource, a);
      return a;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serve(HttpServerExchange ex, Asset a, String cacheControl) {
    headers(ex);
    if (a == null) {
      ex.setStatusCode(StatusCodes.NOT_FOUND);
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      ex.getResponseSender().send("404 page not found\n", StandardCharsets.UTF_8);
      return;
    }
    ex.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
    ex.getResponseHeaders().put(Headers.ETAG, a.etag);
    String match = ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
    if (a.etag.equals(match)) {
      ex.setStatusCode(StatusCodes.NOT_MODIFIED);
      ex.endExchange();
      return;
    }
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, a.type);
    ex.getResponseSender().send(ByteBuffer.wrap(a.body));
  }

  /** The security headers every UI response carries, errors included. */
  private static void headers(HttpServerExchange ex) {
    ex.getResponseHeaders().put(new HttpString("Content-Security-Policy"), CSP)
        .put(new HttpString("X-Content-Type-Options"), "nosniff")
        .put(new HttpString("X-Frame-Options"), "DENY")
        .put(new HttpString("Referrer-Policy"), "same-origin");
  }

  private static String etag(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The webjar's version, from the Maven metadata it carries, so a version bump needs no edit. */
  private static String uplotVersion(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(
        "META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) {
        return "missing";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "missing");
    } catch (IOException e) {
      return "missing";
    }
  }

  private record Asset(byte[] body, String type, String etag) {}
}
