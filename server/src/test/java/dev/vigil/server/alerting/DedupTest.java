package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Alertmanager's decision whether a flush sends, as a table. */
class DedupTest {
  static final long NOW = 1_000_000;
  static final long REPEAT = 60_000;

  static NotificationLog.Entry sent(Set<Long> firing, Set<Long> resolved, long at) {
    return new NotificationLog.Entry(firing, resolved, at, at + 999_999);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // nothing sent before
        Arguments.of("first firing", null, Set.of(1L), Set.of(), false, true),
        Arguments.of("first only resolved", null, Set.of(), Set.of(1L), true, false),
        Arguments.of("nothing at all", null, Set.of(), Set.of(), true, false),
        // a new firing alert
        Arguments.of("new firing", sent(Set.of(1L), Set.of(), NOW), Set.of(1L, 2L), Set.of(),
            false, true),
        Arguments.of("same firing, fresh", sent(Set.of(1L), Set.of(), NOW - 1), Set.of(1L),
            Set.of(), true, false),
        Arguments.of("same firing, repeat due", sent(Set.of(1L), Set.of(), NOW - REPEAT),
            Set.of(1L), Set.of(), false, true),
        Arguments.of("same firing, repeat nearly due",
            sent(Set.of(1L), Set.of(), NOW - REPEAT + 1), Set.of(1L), Set.of(), false, false),
        // resolutions
        Arguments.of("one resolved, send_resolved", sent(Set.of(1L, 2L), Set.of(), NOW - 1),
            Set.of(1L), Set.of(2L), true, true),
        Arguments.of("one resolved, no send_resolved", sent(Set.of(1L, 2L), Set.of(), NOW - 1),
            Set.of(1L), Set.of(2L), false, false),
        Arguments.of("all resolved after firing sent", sent(Set.of(1L), Set.of(), NOW - 1),
            Set.of(), Set.of(1L), false, true),
        Arguments.of("all resolved, told already", sent(Set.of(), Set.of(1L), NOW - 1),
            Set.of(), Set.of(1L), true, false),
        Arguments.of("resolved known, send_resolved", sent(Set.of(1L), Set.of(2L), NOW - 1),
            Set.of(1L), Set.of(2L), true, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void needsUpdate(String name, NotificationLog.Entry last, Set<Long> firing,
      Set<Long> resolved, boolean sendResolved, boolean expected) {
    assertThat(Pipeline.needsUpdate(last, firing, resolved, sendResolved, REPEAT, NOW))
        .isEqualTo(expected);
  }
}
