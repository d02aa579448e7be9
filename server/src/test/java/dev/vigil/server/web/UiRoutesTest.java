package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.web.ui.UiRoutes;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UI's HTTP side without a browser: pages, assets, uPlot, headers, caching, 404s. */
class UiRoutesTest {
  static WebServer web;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    WebServer.Builder b = WebServer.builder(new InetSocketAddress("127.0.0.1", 0));
    UiRoutes.install(b);
    web = b.build();
    web.start();
    base = "http://127.0.0.1:" + web.boundAddress().getPort();
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  static long count(String text, String regex) {
    return java.util.regex.Pattern.compile(regex).matcher(text).results().count();
  }

  @Test
  void rootRedirectsToTheGraphPage() throws Exception {
    HttpResponse<String> r = get("/");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/graph");
  }

  @Test
  void everyPageIsTheShellWithSecurityHeadersAndNoInlineScript() throws Exception {
    for (String page : List.of("/graph", "/alerts", "/targets", "/rules", "/service-discovery",
        "/status", "/flags", "/config", "/tsdb-status", "/alertmanager/alerts",
        "/alertmanager/silences", "/alertmanager/silences/new")) {
      HttpResponse<String> r = get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
              + "form-action 'self'; object-src 'none'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
      // Every script has a src: the CSP would block an inline one anyway, this says why not.
      assertThat(count(r.body(), "<script")).isEqualTo(2)
          .isEqualTo(count(r.body(), "<script[^>]*\\ssrc=\"/assets/[^\"]+\"[^>]*></script>"));
      assertThat(r.body()).doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContain("style=");
    }
  }

  @Test
  void assetsHaveTheirTypesAndAnswerUnchangedWith304() throws Exception {
    HttpResponse<String> js = get("/assets/app.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    String etag = js.headers().firstValue("ETag").orElseThrow();
    assertThat(get("/assets/app.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(get("/assets/style.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
  }

  @Test
  void uplotComesFromItsWebjar() throws Exception {
    HttpResponse<String> js = get("/assets/vendor/uPlot.iife.min.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.body()).contains("uPlot");
    assertThat(js.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
    assertThat(get("/assets/vendor/uPlot.min.css").statusCode()).isEqualTo(200);
    // Only the two files the UI uses, not the rest of the jar.
    assertThat(get("/assets/vendor/uPlot.esm.js").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownOrSneakyAssetsAre404WithTheHeaders() throws Exception {
    for (String path : List.of("/assets/nope.js", "/assets/..%2FUiRoutes.class",
        "/assets/.hidden.js", "/assets/index.htm")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
    }
    assertThat(get("/no-such-page").statusCode()).isEqualTo(404);
  }
}
