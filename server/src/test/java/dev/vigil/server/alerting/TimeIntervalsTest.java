package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.alerting.config.AmConfig;
import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.alerting.config.TestIntegrationFactory;
import dev.vigil.server.alerting.config.TimeInterval;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Time intervals as Alertmanager reads them, parsed from YAML as a user writes them. */
class TimeIntervalsTest {
  /** The interval's specs in flow YAML, an instant, whether the instant is inside. */
  private static final String[][] CASES = {
    // Times: start included, end excluded, to the minute.
    {"[{times: [{start_time: '09:00', end_time: '17:00'}]}]", "2024-06-03T08:59:59Z", "false"},
    {"[{times: [{start_time: '09:00', end_time: '17:00'}]}]", "2024-06-03T09:00:00Z", "true"},
    {"[{times: [{start_time: '09:00', end_time: '17:00'}]}]", "2024-06-03T16:59:59Z", "true"},
    {"[{times: [{start_time: '09:00', end_time: '17:00'}]}]", "2024-06-03T17:00:00Z", "false"},
    {"[{times: [{start_time: '17:00', end_time: '24:00'}]}]", "2024-06-03T23:59:59Z", "true"},
    {"[{times: [{start_time: '17:00', end_time: '24:00'}]}]", "2024-06-04T00:00:00Z", "false"},
    {"[{times: [{start_time: '00:00', end_time: '01:00'}, {start_time: '12:00', "
        + "end_time: '13:00'}]}]", "2024-06-03T12:30:00Z", "true"},
    // Weekdays: Sunday is 0; ranges inclusive; names in any case. 2024-06-01 was a Saturday.
    {"[{weekdays: ['monday:friday']}]", "2024-06-01T12:00:00Z", "false"},
    {"[{weekdays: ['monday:friday']}]", "2024-06-02T23:59:59Z", "false"},
    {"[{weekdays: ['monday:friday']}]", "2024-06-03T00:00:00Z", "true"},
    {"[{weekdays: ['monday:friday']}]", "2024-06-07T23:59:59Z", "true"},
    {"[{weekdays: ['Saturday', 'SUNDAY']}]", "2024-06-02T10:00:00Z", "true"},
    // Days of the month: negative from the end, clamped to the month.
    {"[{days_of_month: ['-1']}]", "2024-02-29T10:00:00Z", "true"},
    {"[{days_of_month: ['-1']}]", "2024-02-28T10:00:00Z", "false"},
    {"[{days_of_month: ['-1']}]", "2023-02-28T10:00:00Z", "true"},
    {"[{days_of_month: ['1:31']}]", "2024-02-29T10:00:00Z", "true"},
    {"[{days_of_month: ['-3:-1']}]", "2024-04-28T10:00:00Z", "true"},
    {"[{days_of_month: ['-3:-1']}]", "2024-04-27T23:59:59Z", "false"},
    {"[{days_of_month: ['31']}]", "2024-04-30T10:00:00Z", "false"},
    {"[{days_of_month: ['31']}]", "2024-05-31T10:00:00Z", "true"},
    {"[{days_of_month: ['1:5', 10]}]", "2024-05-10T10:00:00Z", "true"},
    {"[{days_of_month: ['1:5', 10]}]", "2024-05-06T10:00:00Z", "false"},
    // Months by name or number, and years.
    {"[{months: ['may:august']}]", "2024-05-01T00:00:00Z", "true"},
    {"[{months: ['may:august']}]", "2024-08-31T23:59:59Z", "true"},
    {"[{months: ['may:august']}]", "2024-09-01T00:00:00Z", "false"},
    {"[{months: ['1:3', 'December']}]", "2024-12-25T00:00:00Z", "true"},
    {"[{months: ['1:3', 'December']}]", "2024-04-01T00:00:00Z", "false"},
    {"[{years: ['2020:2022', 2030]}]", "2022-12-31T23:59:59Z", "true"},
    {"[{years: ['2020:2022', 2030]}]", "2023-01-01T00:00:00Z", "false"},
    {"[{years: ['2020:2022', 2030]}]", "2030-06-01T00:00:00Z", "true"},
    // All fields of a spec must hold; any spec may.
    {"[{weekdays: [monday], times: [{start_time: '09:00', end_time: '10:00'}]}]",
        "2024-06-03T09:30:00Z", "true"},
    {"[{weekdays: [monday], times: [{start_time: '09:00', end_time: '10:00'}]}]",
        "2024-06-04T09:30:00Z", "false"},
    {"[{weekdays: [monday]}, {times: [{start_time: '09:00', end_time: '10:00'}]}]",
        "2024-06-04T09:30:00Z", "true"},
    // Zones: fields are read in the spec's location. 2024-06-02T23:30Z is Monday 09:30 in
    // Sydney (UTC+10), and Sunday in UTC.
    {"[{weekdays: ['monday:friday'], times: [{start_time: '09:00', end_time: '17:00'}], "
        + "location: 'Australia/Sydney'}]", "2024-06-02T23:30:00Z", "true"},
    {"[{weekdays: ['monday:friday'], times: [{start_time: '09:00', end_time: '17:00'}], "
        + "location: 'Australia/Sydney'}]", "2024-06-02T22:59:59Z", "false"},
    {"[{weekdays: ['monday:friday'], times: [{start_time: '09:00', end_time: '17:00'}]}]",
        "2024-06-02T23:30:00Z", "false"},
    // Across the spring-forward gap in Berlin (02:00 CET jumps to 03:00 CEST on 2024-03-31):
    // 00:59Z is 01:59 local, 01:00Z is already 03:00 local.
    {"[{times: [{start_time: '01:00', end_time: '02:00'}], location: 'Europe/Berlin'}]",
        "2024-03-31T00:59:00Z", "true"},
    {"[{times: [{start_time: '01:00', end_time: '02:00'}], location: 'Europe/Berlin'}]",
        "2024-03-31T01:00:00Z", "false"},
    {"[{times: [{start_time: '03:00', end_time: '04:00'}], location: 'Europe/Berlin'}]",
        "2024-03-31T01:00:00Z", "true"},
    {"[{days_of_month: ['-1'], location: 'Pacific/Kiritimati'}]", "2024-01-30T10:00:00Z", "true"},
    {"[{months: [january], location: 'UTC'}]", "2024-01-30T10:00:00Z", "true"},
  };

  static TimeInterval interval(String specs) throws Exception {
    String yaml = "route: {receiver: x}\nreceivers: [{name: x}]\n"
        + "time_intervals:\n- name: t\n  time_intervals: " + specs + "\n";
    return AmConfigLoader.parse(yaml, "t.yml", null, new TestIntegrationFactory())
        .timeIntervals().get("t");
  }

  @Test
  void table() throws Exception {
    for (String[] c : CASES) {
      assertThat(TimeIntervals.active(interval(c[0]), Instant.parse(c[1])))
          .as(c[0] + " at " + c[1]).isEqualTo(Boolean.parseBoolean(c[2]));
    }
  }

  @Test
  void localMeansTheMachineZone() throws Exception {
    TimeInterval ti = interval("[{location: Local}]");
    assertThat(ti.specs().get(0).location()).isEqualTo(ZoneId.systemDefault());
    assertThat(TimeIntervals.active(ti, Instant.EPOCH)).isTrue();
    assertThat(TimeIntervals.active(new TimeInterval("none", java.util.List.of()),
        Instant.EPOCH)).isFalse();
  }

  @Test
  void routesMuteAndActivate() throws Exception {
    AmConfig c = AmConfigLoader.load(RouteTest.VALID.resolve("routing-example.yml"),
        new TestIntegrationFactory());
    Route dev = c.route().children().get(2);
    Route onCall = c.route().children().get(3);
    Route db = c.route().children().get(0);
    Instant workday = Instant.parse("2024-06-04T10:00:00Z");
    Instant evening = Instant.parse("2024-06-04T18:00:00Z");
    Instant christmas = Instant.parse("2024-12-25T10:00:00Z");
    assertThat(TimeIntervals.routeMuted(dev, c.timeIntervals(), workday)).isFalse();
    assertThat(TimeIntervals.routeMuted(dev, c.timeIntervals(), evening)).isTrue();
    assertThat(TimeIntervals.routeMuted(dev, c.timeIntervals(), christmas)).isTrue();
    assertThat(TimeIntervals.routeMuted(onCall, c.timeIntervals(), workday)).isTrue();
    assertThat(TimeIntervals.routeMuted(onCall, c.timeIntervals(), evening)).isFalse();
    assertThat(TimeIntervals.routeMuted(onCall, c.timeIntervals(), christmas)).isFalse();
    assertThat(TimeIntervals.routeMuted(db, c.timeIntervals(), evening)).isFalse();
  }
}
