package dev.vigil.server.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.server.alerting.Route;
import dev.vigil.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * alertmanager.yml loading: the example files in alerting/config/valid load, and each file in
 * alerting/config/invalid fails with the message its first {@code # error:} line names.
 */
class AmConfigLoaderTest {
  static final Path DIR = Path.of("src/test/resources/alerting/config");
  static final TestIntegrationFactory FACTORY = new TestIntegrationFactory();

  static List<Path> files(String kind) throws Exception {
    try (Stream<Path> s = Files.list(DIR.resolve(kind))) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  static AmConfig load(String name) throws ConfigException {
    return AmConfigLoader.load(DIR.resolve("valid").resolve(name), FACTORY);
  }

  @Test
  void validFilesLoad() throws Exception {
    List<Path> files = files("valid");
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    for (Path f : files) {
      AmConfig c = AmConfigLoader.load(f, FACTORY);
      assertThat(c.route().receiver()).as(f.toString()).isNotEmpty();
      assertThat(c.source()).isEqualTo(f.toString());
      assertThat(c.yaml()).isEqualTo(Files.readString(f));
    }
  }

  @Test
  void invalidFilesFailWithTheExpectedMessage() throws Exception {
    List<Path> files = files("invalid");
    assertThat(files).hasSizeGreaterThanOrEqualTo(20);
    List<String> wrong = new ArrayList<>();
    for (Path f : files) {
      String expected = expectedError(f);
      // Messages name the file as given, so run with the bare name, as a user would.
      ConfigException e = catchThrowableOfType(() -> AmConfigLoader.parse(Files.readString(f),
          f.getFileName().toString(), f.getParent(), FACTORY), ConfigException.class);
      if (e == null) {
        wrong.add(f + ": loaded, expected " + expected);
      } else if (!e.getMessage().contains(expected)) {
        wrong.add(f + ": got\n  " + e.getMessage().replace("\n", "\n  ") + "\nexpected\n  "
            + expected);
      }
    }
    assertThat(wrong).isEmpty();
  }

  static String expectedError(Path f) throws Exception {
    for (String line : Files.readAllLines(f)) {
      if (line.startsWith("# error: ")) {
        return line.substring("# error: ".length());
      }
    }
    throw new AssertionError(f + " has no '# error:' line");
  }

  @Test
  void allProblemsAreReportedInFileOrder() {
    String yaml = """
        route:
          receiver: nobody
          group_wait: soon
          routes:
          - matchers: ['a=~"("']
        receivers:
        - name: x
          webhook_configs:
          - url: ''
        """;
    ConfigException e = catchThrowableOfType(
        () -> AmConfigLoader.parse(yaml, "am.yml", null, FACTORY), ConfigException.class);
    assertThat(e.problems()).hasSize(4);
    assertThat(e.problems().get(0)).startsWith("am.yml:2:3: route.receiver: undefined receiver");
    assertThat(e.problems().get(1)).startsWith("am.yml:3:3: route.group_wait: invalid duration");
    assertThat(e.problems().get(2)).startsWith("am.yml:5:16: route.routes[0].matchers[0]: "
        + "invalid regular expression \"(\"");
    assertThat(e.problems().get(3)).startsWith("am.yml:9:5: receivers[0].webhook_configs[0]");
  }

  @Test
  void globalsAndDefaults() throws Exception {
    AmConfig c = load("templates-and-globals.yml");
    assertThat(c.global().resolveTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.global().raw().entries()).containsKeys("smtp_smarthost", "slack_api_url");
    Route r = c.route();
    assertThat(r.groupWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.groupInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(r.repeatInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(r.groupBy()).isEmpty();
    assertThat(r.groupByAll()).isFalse();
    assertThat(r.key()).isEqualTo("{}");
    assertThat(r.id()).isEqualTo("{}");

    AmConfig empty = AmConfigLoader.parse("route: {receiver: x}\nreceivers: [{name: x}]\n",
        "m.yml", null, FACTORY);
    assertThat(empty.global().resolveTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(empty.global().raw().entries()).isEmpty();
    assertThat(empty.receivers().get("x").integrations()).isEmpty();
    assertThat(empty.inhibitRules()).isEmpty();
    assertThat(empty.timeIntervals()).isEmpty();
  }

  @Test
  void templateGlobsExpandSortedAndAbsolute() throws Exception {
    AmConfig c = load("templates-and-globals.yml");
    Path tmpl = DIR.resolve("valid/tmpl").toAbsolutePath().normalize();
    // The glob matches a.tmpl and b.tmpl (not c.txt); the missing literal file is skipped.
    assertThat(c.templateFiles()).containsExactly(tmpl.resolve("a.tmpl").toString(),
        tmpl.resolve("b.tmpl").toString());
  }

  @Test
  void receiversHoldTheirIntegrationsInOrder() throws Exception {
    AmConfig c = load("deep-tree.yml");
    assertThat(c.receivers().keySet()).containsExactly("root", "prod", "prod-page", "prod-db",
        "all-envs", "watchdog", "catch-staging");
    var page = c.receivers().get("prod-page").integrations();
    assertThat(page).hasSize(2);
    assertThat(page.get(0).type()).isEqualTo("webhook");
    assertThat(page.get(1).index()).isEqualTo(1);
    assertThat(((TestIntegrationFactory.Recording) page.get(1)).target())
        .isEqualTo("http://127.0.0.1:5001/page2");
    assertThat(c.receivers().get("prod-db").integrations().get(0).type()).isEqualTo("email");
  }

  @Test
  void inhibitRulesFoldLegacyMatchers() throws Exception {
    AmConfig c = load("deep-tree.yml");
    assertThat(c.inhibitRules()).hasSize(2);
    InhibitRule first = c.inhibitRules().get(0);
    assertThat(first.sourceMatchers()).extracting(Object::toString)
        .containsExactly("severity=\"critical\"");
    assertThat(first.targetMatchers()).extracting(Object::toString)
        .containsExactly("severity=~\"warning|info\"");
    assertThat(first.equal()).containsExactly("alertname", "cluster");
    InhibitRule second = c.inhibitRules().get(1);
    assertThat(second.sourceMatchers()).extracting(Object::toString)
        .containsExactly("alertname=\"NodeDown\"");
    assertThat(second.targetMatchers()).extracting(Object::toString)
        .containsExactly("alertname=~\".+\"");
  }

  @Test
  void timeIntervalsFromBothSections() throws Exception {
    AmConfig c = load("routing-example.yml");
    assertThat(c.timeIntervals().keySet()).containsExactly("offhours", "holidays");
    TimeInterval off = c.timeIntervals().get("offhours");
    assertThat(off.specs()).hasSize(2);
    assertThat(off.specs().get(0).times()).containsExactly(new TimeInterval.TimeRange(0, 540),
        new TimeInterval.TimeRange(1020, 1440));
    assertThat(off.specs().get(1).weekdays()).containsExactly(new TimeInterval.Range(6, 6),
        new TimeInterval.Range(0, 0));
    TimeInterval hol = c.timeIntervals().get("holidays");
    assertThat(hol.specs().get(0).months()).containsExactly(new TimeInterval.Range(12, 12));
    assertThat(hol.specs().get(0).daysOfMonth()).containsExactly(new TimeInterval.Range(24, 26),
        new TimeInterval.Range(-1, -1));

    TimeInterval weekends = load("templates-and-globals.yml").timeIntervals().get("weekends");
    assertThat(weekends.specs().get(0).location()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(weekends.specs().get(0).weekdays()).containsExactly(new TimeInterval.Range(6, 6),
        new TimeInterval.Range(0, 0));
  }

  @Test
  void unreadableFileIsAConfigException() {
    assertThatThrownBy(() -> AmConfigLoader.load(DIR.resolve("nope.yml"), FACTORY))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yml: cannot read");
  }
}
