package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silence lifecycle, Alertmanager's update rules, muting, retention and the snapshot file. */
class SilencesTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long MIN = 60_000L;

  private final AtomicLong now = new AtomicLong(T0);
  private final Silences silences = new Silences(null, Duration.ofHours(1), now::get);

  private static Silence silence(String id, String matchers, long start, long end) {
    return new Silence(id, Matchers.parse(matchers), start, end, 0, "ops", "deploy");
  }

  @Test
  void pendingThenActiveThenExpired() {
    String id = silences.set(silence("", "job=api", T0 + 10 * MIN, T0 + 20 * MIN));
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    Silence s = silences.get(id);
    assertThat(s.updatedAtMillis()).isEqualTo(T0);
    assertThat(s.createdBy()).isEqualTo("ops");
    Labels api = Labels.of("job", "api", "instance", "a");
    String[][] timeline = {
      // minutes after T0, state, muted
      {"0", "pending", "false"}, {"9", "pending", "false"}, {"10", "active", "true"},
      {"19", "active", "true"}, {"20", "expired", "false"}, {"60", "expired", "false"},
    };
    for (String[] step : timeline) {
      now.set(T0 + Long.parseLong(step[0]) * MIN);
      assertThat(silences.get(id).state(now.get())).as("minute " + step[0]).isEqualTo(step[1]);
      assertThat(silences.count(step[1])).isEqualTo(1);
      assertThat(silences.mutedBy(api).contains(id)).as("minute " + step[0])
          .isEqualTo(Boolean.parseBoolean(step[2]));
    }
  }

  @Test
  void aNewSilenceStartingInThePastStartsNow() {
    String id = silences.set(silence("", "job=api", T0 - 5 * MIN, T0 + 5 * MIN));
    assertThat(silences.get(id).startsAtMillis()).isEqualTo(T0);
    assertThat(silences.get(id).state(T0)).isEqualTo("active");
  }

  @Test
  void mutedByMatchesAllMatchersOfActiveSilences() {
    String a = silences.set(silence("", "job=api", T0, T0 + MIN));
    String b = silences.set(silence("", "{job=~\"api|db\", env!=\"dev\"}", T0, T0 + MIN));
    silences.set(silence("", "job=db", T0, T0 + MIN));
    assertThat(silences.mutedBy(Labels.of("job", "api"))).containsExactlyInAnyOrder(a, b);
    assertThat(silences.mutedBy(Labels.of("job", "api", "env", "dev"))).containsExactly(a);
    assertThat(silences.mutedBy(Labels.of("job", "web"))).isEmpty();
  }

  @Test
  void updateRules() {
    // Active: a new end and comment update in place; a new start or new matchers replace it.
    String id = silences.set(silence("", "job=api", T0, T0 + 10 * MIN));
    now.set(T0 + MIN);
    Silence longer = new Silence(id, Matchers.parse("job=api"), T0, T0 + 30 * MIN, 0, "ops",
        "longer");
    assertThat(silences.set(longer)).isEqualTo(id);
    assertThat(silences.get(id).endsAtMillis()).isEqualTo(T0 + 30 * MIN);
    assertThat(silences.get(id).comment()).isEqualTo("longer");
    assertThat(silences.get(id).updatedAtMillis()).isEqualTo(T0 + MIN);

    String replaced = silences.set(silence(id, "job=web", T0, T0 + 30 * MIN));
    assertThat(replaced).isNotEqualTo(id);
    assertThat(silences.get(id).state(now.get())).isEqualTo("expired");
    assertThat(silences.get(id).endsAtMillis()).isEqualTo(T0 + MIN);
    assertThat(silences.get(replaced).state(now.get())).isEqualTo("active");

    String moved = silences.set(silence(replaced, "job=web", T0 + 2 * MIN, T0 + 30 * MIN));
    assertThat(moved).isNotEqualTo(replaced);
    assertThat(silences.get(replaced).state(now.get())).isEqualTo("expired");
    assertThat(silences.get(moved).state(now.get())).isEqualTo("pending");

    // Pending: may move to another future start in place; a past start replaces it.
    String same = silences.set(silence(moved, "job=web", T0 + 5 * MIN, T0 + 30 * MIN));
    assertThat(same).isEqualTo(moved);
    assertThat(silences.get(moved).startsAtMillis()).isEqualTo(T0 + 5 * MIN);
    String started = silences.set(silence(moved, "job=web", T0, T0 + 30 * MIN));
    assertThat(started).isNotEqualTo(moved);
    // The replaced pending silence never started: it starts and ends now.
    assertThat(silences.get(moved).startsAtMillis()).isEqualTo(now.get());
    assertThat(silences.get(moved).endsAtMillis()).isEqualTo(now.get());
    assertThat(silences.get(started).startsAtMillis()).isEqualTo(now.get());

    // Expired: any change gets a new ID and leaves the old one alone.
    Silence old = silences.get(id);
    String revived = silences.set(silence(id, "job=api", T0, T0 + 30 * MIN));
    assertThat(revived).isNotEqualTo(id);
    assertThat(silences.get(id)).isEqualTo(old);

    // Matchers given in another order are the same matchers.
    String ab = silences.set(silence("", "a=1,b=2", T0 + MIN, T0 + 30 * MIN));
    assertThat(silences.set(silence(ab, "b=2,a=1", T0 + MIN, T0 + 40 * MIN))).isEqualTo(ab);
  }

  @Test
  void invalidSilences() {
    String[][] cases = {
      {"", "job=api", "0", "10", "invalid zero start timestamp"},
      {"", "job=api", "1", "0", "invalid zero end timestamp"},
      {"", "job=api", "10", "5", "end time must not be before start time"},
      {"", "job=api", "-20", "-10", "end time can't be in the past"},
      {"", "job=~\".*\"", "1", "10", "at least one matcher must not match the empty string"},
      {"", "job=\"\",env!~\"x\"", "1", "10", "at least one matcher must not match the empty"},
      {"", "", "1", "10", "at least one matcher required"},
      {"nope", "job=api", "1", "10", "silence nope not found"},
    };
    for (String[] c : cases) {
      long start = Long.parseLong(c[2]);
      long end = Long.parseLong(c[3]);
      Silence s = silence(c[0], c[1], start == 0 ? 0 : T0 + start * MIN,
          end == 0 ? 0 : T0 + end * MIN);
      assertThatThrownBy(() -> silences.set(s)).as(c[4])
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c[4]);
    }
    assertThatThrownBy(() -> silences.set(silence("nope", "job=api", T0, T0 + MIN)))
        .isInstanceOf(Silences.NotFoundException.class);
    assertThat(silences.list()).isEmpty();
  }

  @Test
  void expire() {
    String active = silences.set(silence("", "job=api", T0, T0 + 10 * MIN));
    String pending = silences.set(silence("", "job=db", T0 + 5 * MIN, T0 + 10 * MIN));
    now.set(T0 + MIN);
    silences.expire(active);
    silences.expire(pending);
    assertThat(silences.get(active).state(now.get())).isEqualTo("expired");
    assertThat(silences.get(active).startsAtMillis()).isEqualTo(T0);
    assertThat(silences.get(active).endsAtMillis()).isEqualTo(T0 + MIN);
    assertThat(silences.get(pending).startsAtMillis()).isEqualTo(T0 + MIN);
    assertThat(silences.get(pending).endsAtMillis()).isEqualTo(T0 + MIN);
    assertThat(silences.get(pending).updatedAtMillis()).isEqualTo(T0 + MIN);
    assertThat(silences.mutedBy(Labels.of("job", "api"))).isEmpty();
    assertThatThrownBy(() -> silences.expire(active))
        .isNotInstanceOf(Silences.NotFoundException.class)
        .hasMessage("silence " + active + " already expired");
    assertThatThrownBy(() -> silences.expire("nope"))
        .isInstanceOf(Silences.NotFoundException.class);
    assertThat(silences.count("expired")).isEqualTo(2);
  }

  @Test
  void gcDropsSilencesPastRetention() {
    String a = silences.set(silence("", "job=api", T0, T0 + 10 * MIN));
    String b = silences.set(silence("", "job=db", T0, T0 + 30 * MIN));
    now.set(T0 + 70 * MIN);
    silences.gc();
    assertThat(silences.get(a)).as("kept up to the end of retention").isNotNull();
    now.set(T0 + 70 * MIN + 1);
    silences.gc();
    assertThat(silences.get(a)).isNull();
    assertThat(silences.get(b)).isNotNull();
    now.set(T0 + 90 * MIN);
    silences.gc();
    assertThat(silences.get(b)).isNotNull();
    now.set(T0 + 90 * MIN + 1);
    silences.gc();
    assertThat(silences.list()).isEmpty();
  }

  @Test
  void limitOnTheNumberOfSilences() {
    Silences limited = new Silences(null, Duration.ofHours(1), now::get, 2);
    String a = limited.set(silence("", "job=a", T0, T0 + MIN));
    limited.set(silence("", "job=b", T0, T0 + MIN));
    assertThatThrownBy(() -> limited.set(silence("", "job=c", T0, T0 + MIN)))
        .hasMessageContaining("exceeded maximum number of silences: 2 (limit: 2)");
    // Updating in place needs no room.
    assertThat(limited.set(silence(a, "job=a", T0, T0 + 2 * MIN))).isEqualTo(a);
  }

  @Test
  void snapshotSurvivesANewInstance(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("silences");
    Silences first = new Silences(file, Duration.ofHours(1), now::get);
    String a = first.set(new Silence("", Matchers.parse(
        "{job=~\"api|db\", \"service.name\"!=\"x\\\"y\", msg!~\"héllo\\nworld\"}"),
        T0, T0 + 10 * MIN, 0, "ops", "comment with \"quotes\""));
    String b = first.set(silence("", "job=web", T0 + MIN, T0 + 10 * MIN));
    first.expire(b);
    first.snapshot();
    assertThat(Files.exists(dir.resolve("silences.tmp"))).isFalse();

    Silences second = new Silences(file, Duration.ofHours(1), now::get);
    assertThat(second.list().stream().map(SilencesTest::comparable).toList())
        .isEqualTo(first.list().stream().map(SilencesTest::comparable).toList());
    assertThat(second.get(a).matchers()).hasSize(3);
    assertThat(second.mutedBy(Labels.of("job", "db", "service.name", "z"))).containsExactly(a);
    assertThat(second.get(b).state(now.get())).isEqualTo("expired");

    // Silences past retention when the file is loaded are dropped.
    now.set(T0 + 71 * MIN);
    assertThat(new Silences(file, Duration.ofHours(1), now::get).list()).isEmpty();
  }

  /** Silences compared by value (Matcher has no equals): their matchers' text. */
  private static List<Object> comparable(Silence s) {
    return List.of(s.id(), Matchers.format(s.matchers()), s.startsAtMillis(), s.endsAtMillis(),
        s.updatedAtMillis(), s.createdBy(), s.comment());
  }

  @Test
  void corruptOrForeignSnapshotsStartEmpty(@TempDir Path dir) throws Exception {
    String[] contents = {
      "", "{not json", "[]", "{\"version\": 2, \"silences\": []}", "\u0000\u0001garbage",
    };
    for (String c : contents) {
      Path file = dir.resolve("silences");
      Files.writeString(file, c);
      Silences s = new Silences(file, Duration.ofHours(1), now::get);
      assertThat(s.list()).as(c).isEmpty();
      // The unreadable file is kept aside for a person, not overwritten by the next snapshot.
      try (var aside = Files.list(dir)) {
        assertThat(aside.filter(p -> p.getFileName().toString().startsWith("silences.bad-"))
            .map(p -> readQuietly(p))).as(c).contains(c);
      }
      // And it still works and can overwrite the bad file.
      String id = s.set(silence("", "job=api", T0, T0 + MIN));
      s.snapshot();
      assertThat(new Silences(file, Duration.ofHours(1), now::get).get(id)).isNotNull();
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void badEntriesAreSkipped(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("silences");
    Files.writeString(file, """
        {"version": 1, "silences": [
          {"id": "good", "matchers": [{"name": "job", "type": "=", "value": "api"}],
           "startsAt": %d, "endsAt": %d, "updatedAt": %d, "createdBy": "a", "comment": "b"},
          {"id": "badregex", "matchers": [{"name": "job", "type": "=~", "value": "("}],
           "startsAt": %d, "endsAt": %d, "updatedAt": %d, "createdBy": "a", "comment": "b"},
          {"id": "badtype", "matchers": [{"name": "job", "type": "==", "value": "x"}],
           "startsAt": %d, "endsAt": %d, "updatedAt": %d, "createdBy": "a", "comment": "b"},
          {"id": "notime", "matchers": [{"name": "job", "type": "=", "value": "x"}]}
        ]}
        """.formatted(T0, T0 + MIN, T0, T0, T0 + MIN, T0, T0, T0 + MIN, T0));
    Silences s = new Silences(file, Duration.ofHours(1), now::get);
    assertThat(s.list()).extracting(Silence::id).containsExactly("good");
  }

  @Test
  void memoryOnlySnapshotIsANoOp() throws Exception {
    silences.set(silence("", "job=api", T0, T0 + MIN));
    silences.snapshot();
    assertThat(silences.list()).hasSize(1);
  }
}
