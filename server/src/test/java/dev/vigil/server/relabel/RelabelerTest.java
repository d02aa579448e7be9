package dev.vigil.server.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.relabel.RelabelConfig.Action;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RelabelerTest {

  private static RelabelConfig rc(Action action, List<String> src, String regex, String target,
      String replacement) {
    return new RelabelConfig(src, ";", RelabelRegex.compile(regex), 0, target, replacement,
        action);
  }

  private static RelabelConfig replace(List<String> src, String regex, String target,
      String replacement) {
    return rc(Action.REPLACE, src, regex, target, replacement);
  }

  static Stream<Arguments> cases() {
    Labels in = Labels.of("__name__", "http_requests_total", "job", "api", "instance",
        "10.0.0.1:8080", "path", "/Users/Home");
    return Stream.of(
        Arguments.of("replace joins sources with ;", in,
            replace(List.of("job", "instance"), "(.*)", "combo", "$1"),
            in.toBuilder().set("combo", "api;10.0.0.1:8080").build()),
        Arguments.of("replace: no match leaves labels unchanged", in,
            replace(List.of("job"), "web", "job", "x"), in),
        Arguments.of("replace: regex is anchored", in,
            replace(List.of("job"), "p", "job", "x"), in),
        Arguments.of("replace: missing source label is the empty string", in,
            replace(List.of("nope"), "", "empty_matched", "yes"),
            in.toBuilder().set("empty_matched", "yes").build()),
        Arguments.of("replace: empty result deletes the target", in,
            replace(List.of("nope"), "(.*)", "job", "$1"),
            in.toBuilder().delete("job").build()),
        Arguments.of("replace: ${1}x vs $1x", in,
            replace(List.of("job"), "(.*)", "t", "${1}x|$1x"),
            in.toBuilder().set("t", "apix|").build()),
        Arguments.of("replace: named groups", in,
            replace(List.of("instance"), "(?P<ip>[^:]+):(?P<port>.*)", "t", "$port@${ip}"),
            in.toBuilder().set("t", "8080@10.0.0.1").build()),
        Arguments.of("replace: target label expanded", in,
            replace(List.of("job"), "(.*)", "${1}_copy", "$1"),
            in.toBuilder().set("api_copy", "api").build()),
        Arguments.of("replace: invalid expanded target is skipped", in,
            replace(List.of("instance"), "(.*)", "$1", "v"), in),
        Arguments.of("replace: $$ is a literal dollar", in,
            replace(List.of("job"), "(.*)", "t", "$$$1"),
            in.toBuilder().set("t", "$api").build()),
        Arguments.of("replace: . does not match a newline", Labels.of("a", "x\ny"),
            replace(List.of("a"), ".*", "t", "matched"), Labels.of("a", "x\ny")),
        Arguments.of("keep: match keeps", in, rc(Action.KEEP, List.of("job"), "api|web", "", "$1"),
            in),
        Arguments.of("keep: no match drops", in, rc(Action.KEEP, List.of("job"), "web", "", "$1"),
            null),
        Arguments.of("drop: match drops", in, rc(Action.DROP, List.of("__name__"), "http_.*", "",
            "$1"), null),
        Arguments.of("drop: no match keeps", in, rc(Action.DROP, List.of("__name__"), "up", "",
            "$1"), in),
        Arguments.of("keepequal keeps on equal", Labels.of("a", "1", "b", "1"),
            rc(Action.KEEPEQUAL, List.of("a"), "(.*)", "b", "$1"), Labels.of("a", "1", "b", "1")),
        Arguments.of("keepequal drops on different", Labels.of("a", "1", "b", "2"),
            rc(Action.KEEPEQUAL, List.of("a"), "(.*)", "b", "$1"), null),
        Arguments.of("keepequal: missing target equals empty source", Labels.of("a", "1"),
            rc(Action.KEEPEQUAL, List.of("nope"), "(.*)", "b", "$1"), Labels.of("a", "1")),
        Arguments.of("dropequal drops on equal", Labels.of("a", "1", "b", "1"),
            rc(Action.DROPEQUAL, List.of("a"), "(.*)", "b", "$1"), null),
        Arguments.of("dropequal keeps on different", Labels.of("a", "1", "b", "2"),
            rc(Action.DROPEQUAL, List.of("a"), "(.*)", "b", "$1"), Labels.of("a", "1", "b", "2")),
        Arguments.of("lowercase", in, rc(Action.LOWERCASE, List.of("path"), "(.*)", "lower", "$1"),
            in.toBuilder().set("lower", "/users/home").build()),
        Arguments.of("uppercase", in, rc(Action.UPPERCASE, List.of("job"), "(.*)", "job", "$1"),
            in.toBuilder().set("job", "API").build()),
        Arguments.of("labelmap copies matching names", Labels.of("__meta_a", "1", "__meta_b", "2"),
            rc(Action.LABELMAP, List.of(), "__meta_(.*)", "", "$1"),
            Labels.of("__meta_a", "1", "__meta_b", "2", "a", "1", "b", "2")),
        Arguments.of("labeldrop", in, rc(Action.LABELDROP, List.of(), "path|instance", "", "$1"),
            Labels.of("__name__", "http_requests_total", "job", "api")),
        Arguments.of("labelkeep", in, rc(Action.LABELKEEP, List.of(), "__name__|job", "", "$1"),
            Labels.of("__name__", "http_requests_total", "job", "api")),
        Arguments.of("labeldrop of everything leaves an empty set, not a drop", Labels.of("a", "1"),
            rc(Action.LABELDROP, List.of(), ".*", "", "$1"), Labels.EMPTY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void action(String name, Labels in, RelabelConfig cfg, Labels want) {
    assertThat(Relabeler.process(in, List.of(cfg))).isEqualTo(want);
  }

  @Test
  void hashmodMatchesMd5LastEightBytes() {
    // md5("foo") = acbd18db4cc2f85c edef654fccc4a4d8: the last 8 bytes, big-endian, unsigned,
    // are 17145033699835028696 (above 2^63, so signed arithmetic would be wrong).
    assertThat(Long.toUnsignedString(Relabeler.hash64("foo"))).isEqualTo("17145033699835028696");
    RelabelConfig cfg = new RelabelConfig(List.of("a"), ";", RelabelRegex.DEFAULT_REGEX, 1000,
        "shard", "$1", Action.HASHMOD);
    assertThat(Relabeler.process(Labels.of("a", "foo"), List.of(cfg)))
        .isEqualTo(Labels.of("a", "foo", "shard", "696"));
    // md5("") = d41d8cd98f00b204 e9800998ecf8427e -> 16825458760271544958 % 1000 = 958.
    assertThat(Relabeler.process(Labels.EMPTY, List.of(cfg))).isEqualTo(Labels.of("shard", "958"));
  }

  @Test
  void stepsRunInOrderAndSeeEarlierResults() {
    List<RelabelConfig> rules = List.of(
        replace(List.of("a"), "(.*)", "__tmp", "$1-tmp"),
        replace(List.of("__tmp"), "(.*)", "b", "$1"),
        rc(Action.LABELDROP, List.of(), "__tmp", "", "$1"));
    assertThat(Relabeler.process(Labels.of("a", "x"), rules))
        .isEqualTo(Labels.of("a", "x", "b", "x-tmp"));
  }

  static Stream<Arguments> validation() {
    return Stream.of(
        Arguments.of(rc(Action.REPLACE, List.of("a"), "(.*)", "", "$1"),
            "target_label: replace action requires 'target_label' value"),
        Arguments.of(rc(Action.REPLACE, List.of("a"), "(.*)", "1bad", "$1"),
            "target_label: \"1bad\" is invalid 'target_label' for replace action"),
        Arguments.of(rc(Action.REPLACE, List.of("a"), "(.*)", "${1}_ok", "$1"), null),
        Arguments.of(new RelabelConfig(List.of("a"), ";", RelabelRegex.DEFAULT_REGEX, 0, "t",
            "$1", Action.HASHMOD), "modulus: hashmod action requires a non-zero modulus"),
        Arguments.of(rc(Action.LOWERCASE, List.of("a"), "(.*)", "t", "x"),
            "replacement: 'replacement' can not be set for lowercase action"),
        Arguments.of(rc(Action.KEEPEQUAL, List.of("a"), "x", "t", "$1"), "action: keepequal action"
            + " requires only 'source_labels' and 'target_label', and no other fields"),
        Arguments.of(rc(Action.LABELDROP, List.of("a"), "x", "", "$1"),
            "action: labeldrop action requires only 'regex', and no other fields"),
        Arguments.of(rc(Action.LABELKEEP, List.of(), "x", "t", "$1"),
            "action: labelkeep action requires only 'regex', and no other fields"),
        Arguments.of(rc(Action.LABELMAP, List.of(), "x", "", "1$1"),
            "replacement: \"1$1\" is invalid 'replacement' for labelmap action"),
        Arguments.of(rc(Action.KEEP, List.of("bad-name"), "x", "", "$1"),
            "source_labels: \"bad-name\" is not a valid label name"));
  }

  @ParameterizedTest
  @MethodSource("validation")
  void validate(RelabelConfig cfg, String want) {
    List<String> got = cfg.validate().stream().map(v -> v.field() + ": " + v.message()).toList();
    if (want == null) {
      assertThat(got).isEmpty();
    } else {
      assertThat(got).containsExactly(want);
    }
  }
}
