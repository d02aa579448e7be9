package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.VigilServer;
import dev.vigil.server.testing.ExternalTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium, driven through Debian's chromedriver, against a real
 * server that scrapes itself and a target on a closed port, and runs a rule that always fires
 * into the embedded alert handling. One browser and one server for the class, to stay fast.
 */
@Timeout(120)
class UiBrowserTest {
  /** A label value that would run script if it were ever put into the page as markup. */
  static final String EVIL =
      "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=1</script>";
  static final Path SHOTS = Path.of("target", "ui-screenshots");

  static Path dir;
  static VigilServer server;
  static ChromeDriver driver;
  static String base;
  static int downPort;

  @BeforeAll
  static void start() throws Exception {
    Path chromium = ExternalTools.requireAt(Path.of("/usr/bin/chromium"), "chromium");
    Path chromedriver =
        ExternalTools.requireAt(Path.of("/usr/bin/chromedriver"), "chromium-driver");
    dir = Files.createTempDirectory("vigil-ui");
    int port = freePort();
    downPort = freePort();
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: ui
            interval: 1s
            rules:
              - alert: UiTestFiring
                expr: vector(1) > 0
                for: 0s
                labels: {severity: page}
                annotations: {summary: '<b>not bold</b>'}
        """);
    Files.writeString(dir.resolve("prometheus.yml"), """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: [rules.yml]
        scrape_configs:
          - job_name: self
            static_configs:
              - targets: ['127.0.0.1:%d']
                labels: {evil: '%s'}
          - job_name: down
            static_configs: [{targets: ['127.0.0.1:%d']}]
          - job_name: relabelled-away
            static_configs: [{targets: ['127.0.0.1:9']}]
            relabel_configs: [{action: drop, source_labels: [__address__], regex: '.*'}]
        """.formatted(port, EVIL.replace("'", "''"), downPort));
    server = new VigilServer(dir.resolve("prometheus.yml"), dir.resolve("data"),
        new InetSocketAddress("127.0.0.1", port), false);
    server.alertmanager(true, null);
    server.start();
    base = "http://127.0.0.1:" + port;

    // Selenium must use the given binaries and never fetch a driver or browser of its own.
    System.setProperty("SE_OFFLINE", "true");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--window-size=1400,1000",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
    // The browser console: a CSP violation or a script error shows up there.
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(service, options);
    Files.createDirectories(SHOTS);
    // Enough scrapes of both targets for lines long enough to find by colour on a one-minute
    // graph (with 4 s of data a line is ~80 px, half of it clipped at the plot's edge: too few
    // pixels on a slow machine), and the alert through the alert handling.
    awaitApi("/api/v1/query?query=count(count_over_time(up%5B1m%5D)%3E%3D15)%3D%3D2",
        b -> b.contains("\"value\""));
    awaitApi("/api/v2/alerts", b -> b.contains("UiTestFiring"));
  }

  @AfterEach
  void consoleIsClean() {
    assertNoConsoleErrors();
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void typedQueryShowsTableRowsThenTheGraphDrawsEverySeries() throws Exception {
    open("/graph");
    WebElement input = el("textarea.promql");
    input.sendKeys("up");
    input.sendKeys(Keys.ENTER);
    List<WebElement> rows = waitFor(d -> {
      List<WebElement> r = d.findElements(By.cssSelector("table.result tbody tr"));
      return r.size() == 2 ? r : null;
    });
    String text = rows.get(0).getText() + "\n" + rows.get(1).getText();
    assertThat(text).contains("job=\"self\"").contains("job=\"down\"");
    shot("graph-table");

    driver.findElement(By.xpath("//button[@role='tab'][.='Graph']")).click();
    WebElement range = driver.findElement(By.cssSelector("input[aria-label='Range']"));
    range.clear();
    range.sendKeys("1m", Keys.ENTER);
    waitFor(d -> d.findElements(By.cssSelector(".legend-item")).size() == 2
        && d.getCurrentUrl().contains("g0.range_input=1m") ? true : null);
    // Both series' colours are on the canvas: the lines were drawn, not only the axes.
    waitFor(d -> pixels(0) > 20 && pixels(1) > 20 ? true : null);
    shot("graph-lines");

    // The legend hides a series, and shows it again.
    WebElement first = driver.findElements(By.cssSelector(".legend-item")).get(0);
    first.click();
    assertThat(first.getAttribute("aria-pressed")).isEqualTo("false");
    waitFor(d -> pixels(0) == 0 ? true : null);
    first.click();
    waitFor(d -> pixels(0) > 20 ? true : null);

    // Hovering shows the values at that time in the legend.
    // Near the right edge (Selenium's offsets are from the centre): the newest samples are
    // there, while the start of the one-minute window may be before the first scrape.
    WebElement over = driver.findElement(By.cssSelector(".chart .u-over"));
    new org.openqa.selenium.interactions.Actions(driver)
        .moveToElement(over, over.getSize().getWidth() / 2 - 10, 0).perform();
    waitFor(d -> d.findElement(By.cssSelector(".legend-value")).getText().matches("[01]")
        ? true : null);
  }

  @Test
  void sharedLinkOpensTheSameView() throws Exception {
    open("/graph?g0.expr=vector(7)&g0.tab=1&g1.expr=up&g1.tab=0&g1.range_input=1m&g1.stacked=1");
    waitFor(d -> d.findElements(By.cssSelector("[data-panel='0'] table.result tbody tr"))
        .size() == 1
        ? true : null);
    assertThat(driver.findElement(By.cssSelector("[data-panel='0'] table.result td.num")).getText())
        .isEqualTo("7");
    waitFor(d -> d.findElements(By.cssSelector("[data-panel='1'] .legend-item")).size() == 2
        ? true : null);
    assertThat(driver.findElement(By.cssSelector("[data-panel='1'] input[type=checkbox]"))
        .isSelected()).isTrue();
    assertThat(driver.findElement(By.cssSelector("[data-panel='1'] input[aria-label='Range']"))
        .getAttribute("value")).isEqualTo("1m");
    shot("graph-shared-link");

    // The page's own URL after a change is a link that reproduces it.
    WebElement moment = driver.findElement(By.cssSelector("[data-panel='0'] input.time"));
    moment.sendKeys("2030-01-02 03:04:05", Keys.ENTER);
    waitFor(d -> d.getCurrentUrl().contains("g0.moment_input=") ? true : null);
    String url = driver.getCurrentUrl();
    driver.get("about:blank");
    driver.get(url);
    waitFor(d -> d.findElements(By.cssSelector("[data-panel='1'] .legend-item")).size() == 2
        ? true : null);
    assertThat(driver.findElements(By.cssSelector("textarea.promql")).stream()
        .map(e -> e.getAttribute("value")).toList()).containsExactly("vector(7)", "up");
    assertThat(driver.findElement(By.cssSelector("[data-panel='0'] input.time"))
        .getAttribute("value")).isEqualTo("2030-01-02 03:04:05");
    assertThat(driver.findElement(By.cssSelector("[data-panel='1'] [role=tab][aria-selected=true]"))
        .getText()).isEqualTo("Graph");

    // An alert's generatorURL, as the rule wrote it, opens its expression in the table.
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(base + "/api/v2/alerts")).build(), HttpResponse.BodyHandlers.ofString()).body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"generatorURL\":\"([^\"]+)\"")
        .matcher(body);
    assertThat(m.find()).as(body).isTrue();
    String generator = m.group(1);
    assertThat(generator).startsWith(base + "/graph?g0.expr=");
    driver.get(generator);
    WebElement value = el("table.result td.num");
    assertThat(value.getText()).isEqualTo("1");
    assertThat(el("textarea.promql").getAttribute("value")).isEqualTo("vector(1) > 0");
    assertThat(el("[role=tab][aria-selected=true]").getText()).isEqualTo("Table");
  }

  @Test
  void syntaxErrorIsShownAtItsPosition() throws Exception {
    open("/graph");
    WebElement input = el("textarea.promql");
    input.sendKeys("sum(rate(up[1m])");
    WebElement err = waitFor(d -> d.findElements(By.cssSelector(".parse-error .error")).stream()
        .findFirst().orElse(null));
    assertThat(err.getText()).contains("line 1, column").contains("unclosed left parenthesis");
    assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");
    shot("graph-parse-error");
  }

  @Test
  void autocompleteOffersMetricNamesAndFunctions() throws Exception {
    open("/graph");
    WebElement input = el("textarea.promql");
    input.sendKeys("prometheus_target_scrape_pool_t");
    waitFor(d -> d.findElements(By.cssSelector("ul.suggest li")).stream()
        .anyMatch(li -> li.getText().contains("prometheus_target_scrape_pool_targets"))
        ? true : null);
    input.sendKeys(Keys.ARROW_DOWN, Keys.TAB);
    assertThat(input.getAttribute("value")).isEqualTo("prometheus_target_scrape_pool_targets");
    input.sendKeys("{sc");
    waitFor(d -> d.findElements(By.cssSelector("ul.suggest li")).stream()
        .anyMatch(li -> li.getText().contains("scrape_job")) ? true : null);
    shot("graph-autocomplete");
  }

  @Test
  void targetsPageShowsTheDownTargetWithItsError() throws Exception {
    open("/targets");
    WebElement row = waitFor(d -> d.findElements(By.cssSelector("tr.health-down")).stream()
        .findFirst().orElse(null));
    assertThat(row.getText()).contains("127.0.0.1:" + downPort).contains("down")
        .contains("Failed to connect");
    shot("targets");
    driver.findElement(By.xpath("//label[contains(., 'Unhealthy only')]/input")).click();
    waitFor(d -> d.findElements(By.cssSelector("tr.target")).size() == 1 ? true : null);
  }

  @Test
  void alertsPageShowsTheFiringAlert() throws Exception {
    open("/alerts");
    WebElement rule = waitFor(d -> d.findElements(By.cssSelector("details.rule[data-state=firing]"))
        .stream().findFirst().orElse(null));
    assertThat(rule.getText()).contains("UiTestFiring").contains("firing")
        .contains("severity=page").contains("<b>not bold</b>");
    assertThat(rule.findElements(By.tagName("b")).stream().map(WebElement::getText))
        .doesNotContain("not bold");
    shot("alerts");
  }

  @Test
  void silenceFromAnAlertSilencesItAndExpiringEndsIt() throws Exception {
    open("/alertmanager/alerts");
    WebElement link = waitFor(d -> d.findElements(By.cssSelector("li.am-alert")).stream()
        .filter(li -> li.getText().contains("UiTestFiring"))
        .map(li -> li.findElements(By.cssSelector("a.silence-link")).stream().findFirst()
            .orElse(null))
        .filter(java.util.Objects::nonNull).findFirst().orElse(null));
    shot("am-alerts");
    link.click();
    waitFor(d -> d.findElements(By.cssSelector(".match-count")).stream()
        .anyMatch(e -> e.getText().equals("1 alert matches")) ? true : null);
    assertThat(driver.findElements(By.cssSelector(".m-name")).stream()
        .map(e -> e.getAttribute("value")).toList()).containsExactly("alertname", "severity");
    driver.findElement(By.id("createdBy")).sendKeys("ui-test");
    driver.findElement(By.id("comment")).sendKeys("silenced by the browser test");
    shot("silence-new");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    waitFor(d -> d.getCurrentUrl().contains("/alertmanager/silences?created=")
        && d.findElements(By.cssSelector("li.silence[data-state=active]")).size() == 1
        ? true : null);
    shot("silences-active");

    open("/alertmanager/alerts");
    waitFor(d -> d.findElements(By.cssSelector("li.am-alert[data-state=silenced]")).stream()
        .anyMatch(li -> li.getText().contains("UiTestFiring")) ? true : null);
    shot("am-alerts-silenced");

    open("/alertmanager/silences");
    waitFor(d -> d.findElements(By.cssSelector("li.silence[data-state=active] button.expire"))
        .stream().findFirst().orElse(null)).click();
    waitFor(d -> d.findElements(By.cssSelector("li.silence[data-state=active]")).isEmpty()
        && d.findElements(By.cssSelector("li.silence[data-state=expired]")).size() == 1
        ? true : null);
    shot("silences-expired");
    open("/alertmanager/alerts");
    waitFor(d -> d.findElements(By.cssSelector("li.am-alert[data-state=active]")).stream()
        .anyMatch(li -> li.getText().contains("UiTestFiring")) ? true : null);
  }

  @Test
  void labelValuesAreTextAndTheCspHeaderIsSent() throws Exception {
    open("/targets");
    waitFor(d -> d.findElements(By.cssSelector("tr.health-up")).stream().findFirst().orElse(null));
    assertThat(driver.findElement(By.tagName("main")).getText()).contains(EVIL);
    open("/graph?g0.expr=up%7Bjob%3D%22self%22%7D&g0.tab=1");
    WebElement row = waitFor(d -> d.findElements(By.cssSelector("table.result tbody tr")).stream()
        .findFirst().orElse(null));
    assertThat(row.getText()).contains("evil=" + "\"<img src=x onerror=\\\"window.__xss=1\\\">"
        + "<script>window.__xss=1</script>\"");
    JavascriptExecutor js = driver;
    assertThat(js.executeScript("return window.__xss === undefined")).isEqualTo(true);
    assertThat(js.executeScript("return document.querySelectorAll('main img, main script').length"))
        .isEqualTo(0L);
    shot("xss-as-text");

    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/graph", "/targets", "/assets/app.js", "/assets/missing.js")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
          .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'")
              .doesNotContain("unsafe-inline"));
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
    }
  }

  @Test
  void everyOtherPageRendersWithoutError() throws Exception {
    for (String page : List.of("/rules", "/service-discovery", "/status", "/flags", "/config",
        "/tsdb-status")) {
      open(page);
      waitFor(d -> d.findElements(By.cssSelector("main table, main pre")).isEmpty() ? null : true);
      assertThat(driver.findElements(By.cssSelector("main .error"))).as(page).isEmpty();
      shot(page.substring(1));
    }
    open("/service-discovery");
    WebElement dropped = el("tr.dropped");
    assertThat(dropped.getText()).contains("__address__=127.0.0.1:9")
        .containsIgnoringCase("dropped");
    open("/tsdb-status");
    waitFor(d -> d.findElement(By.tagName("main")).getText().contains("up") ? true : null);
  }

  @Test
  void darkThemeFollowsTheSystemSetting() throws Exception {
    try {
      driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
          List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
      open("/graph?g0.expr=up&g0.tab=0&g0.range_input=1m");
      waitFor(d -> d.findElements(By.cssSelector(".legend-item")).size() == 2 ? true : null);
      assertThat(luminance("body")).isLessThan(0.2);
      shot("graph-dark");
    } finally {
      driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
          List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "light"))));
    }
    open("/graph");
    el("textarea.promql");
    assertThat(luminance("body")).isGreaterThan(0.8);
  }

  /** The relative luminance (0 black .. 1 white) of an element's computed background. */
  static double luminance(String css) {
    Object v = driver.executeScript("""
        const m = getComputedStyle(document.querySelector(arguments[0])).backgroundColor
            .match(/[0-9.]+/g).map(Number);
        return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
        """, css);
    return ((Number) v).doubleValue();
  }

  /** Pixels on the plot's canvas within a few steps of series i's colour. */
  static long pixels(int series) {
    Object n = driver.executeScript("""
        const c = document.querySelector('.chart canvas');
        if (!c) return -1;
        const hex = arguments[0];
        const want = [1, 3, 5].map(i => parseInt(hex.substr(i, 2), 16));
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i + 3] > 200 && Math.abs(d[i] - want[0]) < 12 && Math.abs(d[i + 1] - want[1]) < 12
              && Math.abs(d[i + 2] - want[2]) < 12) n++;
        }
        return n;
        """, series == 0 ? "#2f6fdb" : "#e0542e");
    return ((Number) n).longValue();
  }

  /** The first element matching css, once the page's module has drawn it. */
  static WebElement el(String css) {
    return waitFor(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  static void open(String path) {
    assertNoConsoleErrors();
    driver.get(base + path);
  }

  /**
   * Nothing the previous page did was refused by the CSP or threw. An API's 4xx answer (a
   * syntax check of a half-typed query) is logged by Chromium too; those are expected.
   */
  static void assertNoConsoleErrors() {
    List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !m.matches("(?s)\\S+/api/v1/parse_query\\S* - Failed to load resource: "
            + "the server responded with a status of 400.*"))
        .toList();
    assertThat(errors).as("browser console errors").isEmpty();
  }

  /** Waits up to 10 s; on timeout keeps a screenshot and says what the page showed. */
  static <T> T waitFor(Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(10)).until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      String shown;
      try {
        shot("timeout-" + System.currentTimeMillis());
        shown = driver.findElement(By.tagName("main")).getText();
      } catch (IOException | RuntimeException again) {
        shown = "(page unreadable: " + again + ")";
      }
      throw new AssertionError("timed out on " + driver.getCurrentUrl() + "; the page showed:\n"
          + shown, e);
    }
  }

  static void shot(String name) throws IOException {
    Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  static void awaitApi(String path, java.util.function.Predicate<String> ok) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String body = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      if (ok.test(body)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + path);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
