package dev.vigil.server.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** printf verbs against what Go's fmt prints for the same values. */
class FmtTest {
  static Stream<Arguments> printf() {
    return Stream.of(
        Arguments.of("%d", List.of(42L), "42"),
        Arguments.of("%5d|%-5d|%05d", List.of(42L, 42L, 42L), "   42|42   |00042"),
        Arguments.of("%+d % d %d", List.of(5L, 5L, -5L), "+5  5 -5"),
        Arguments.of("%x %X %o %b %#x %#o", List.of(255L, 255L, 8L, 5L, 255L, 8L),
            "ff FF 10 101 0xff 010"),
        Arguments.of("%x", List.of(-255L), "-ff"),
        Arguments.of("%c%c %q %U", List.of(65L, 233L, 65L, 0x1F600L), "Aé 'A' U+1F600"),
        Arguments.of("%.3d", List.of(7L), "007"),
        Arguments.of("%s|%10s|%-4s|%.1s", List.of("hi", "hi", "hi", "hi"), "hi|        hi|hi  |h"),
        Arguments.of("%q", List.of("a\"b\n\u0001é"), "\"a\\\"b\\n\\x01é\""),
        Arguments.of("%#q", List.of("ab"), "`ab`"),
        Arguments.of("%x|% x|%X", List.of("hi", "hi", "hi"), "6869|68 69|6869"),
        Arguments.of("%v %v %v %v %v", List.of(1.5, 1e6, 1e21, 123456789.0, 0.000001),
            "1.5 1e+06 1e+21 1.23456789e+08 1e-06"),
        Arguments.of("%v %v %v", List.of(100000.0, 0.1, 1.0 / 3), "100000 0.1 0.3333333333333333"),
        Arguments.of("%v %v", List.of(-0.0, 5e-324), "-0 5e-324"),
        Arguments.of("%f %.2f %.0f %.0f %.2f %.2f", List.of(1.5, 3.14159, 2.5, 3.5, 2.675, 12.345),
            "1.500000 3.14 2 4 2.67 12.35"),
        Arguments.of("%e %.2e %E", List.of(123456.789, 0.000123, 1.0),
            "1.234568e+05 1.23e-04 1.000000E+00"),
        Arguments.of("%g %g %g %g", List.of(100000.0, 1000000.0, 0.0001, 0.00001),
            "100000 1e+06 0.0001 1e-05"),
        Arguments.of("%.3g %.4g %.4g %.4g %.4g %.4g", List.of(1234.0, 1.5, 0.0001234, 0.00001234,
            1234567.0, 100.0), "1.23e+03 1.5 0.0001234 1.234e-05 1.235e+06 100"),
        Arguments.of("%.4g %.4g %G", List.of(123.456, 12.345, 1e-10), "123.5 12.35 1E-10"),
        Arguments.of("%8.3f|%-8.3f|%08.3f|%+.1f", List.of(3.14159, 3.14159, -3.14159, 1.0),
            "   3.142|3.142   |-003.142|+1.0"),
        Arguments.of("%v %f %.4g %5.1f|", List.of(Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN), "NaN +Inf -Inf   NaN|"),
        Arguments.of("%05v", List.of(Double.POSITIVE_INFINITY), " +Inf"),
        Arguments.of("%t %v", List.of(true, false), "true false"),
        Arguments.of("%d|%s|%d|%t", List.of("x", 5L, 1.5, 1L),
            "%!d(string=x)|%!s(int=5)|%!d(float64=1.5)|%!t(int=1)"),
        Arguments.of("%d %d", List.of(1L), "1 %!d(MISSING)"),
        Arguments.of("%d", List.of(1L, 2L, "x"), "1%!(EXTRA int=2, string=x)"),
        Arguments.of("%z", List.of(1L), "%!z(int=1)"),
        Arguments.of("100%%", List.of(), "100%"),
        Arguments.of("abc%", List.of(), "abc%!(NOVERB)"),
        Arguments.of("%v %d %s", List.of(List.of("a", "b"), List.of(1L, 2L), List.of("x")),
            "[a b] [1 2] [x]"),
        Arguments.of("%v", List.of(Map.of("b", 2L, "a", 1L)), "map[a:1 b:2]"),
        Arguments.of("%[2]d %[1]d", List.of(1L, 2L), "2 1"),
        Arguments.of("%g %.4g %e %v %f", List.of(0.0, 0.0, 0.0, 0.0, 0.0), "0 0 0.000000e+00 0 0.000000"),
        Arguments.of("%*d|%-*d|", List.of(4L, 7L, 3L, 7L), "   7|7  |"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("printf")
  void printfLikeGo(String format, List<Object> args, String expected) {
    assertThat(Fmt.sprintf(format, args)).isEqualTo(expected);
  }

  /**
   * A width or precision taken from an argument is bounded as in Go (magnitude at most 1e6), so
   * a template cannot ask for a 2 GB string: {@code printf "%*d" 2000000000 1} used to run out
   * of memory, and a minimum int width overflowed into a negative repeat count.
   */
  @Test
  void argumentWidthAndPrecisionAreBounded() {
    assertThat(Fmt.sprintf("%*d|", List.of(2_000_000_000L, 7L))).isEqualTo("%!(BADWIDTH)7|");
    assertThat(Fmt.sprintf("%*d|", List.of(-2_000_000_000L, 7L))).isEqualTo("%!(BADWIDTH)7|");
    assertThat(Fmt.sprintf("%*d|", List.of((long) Integer.MIN_VALUE, 7L)))
        .isEqualTo("%!(BADWIDTH)7|");
    assertThat(Fmt.sprintf("%*d|", List.of(1L << 32, 7L))).isEqualTo("%!(BADWIDTH)7|");
    assertThat(Fmt.sprintf("%.*f|", List.of(2_000_000_000L, 1.5))).isEqualTo("%!(BADPREC)1.500000|");
    assertThat(Fmt.sprintf("%.*f|", List.of(-1L, 1.5))).isEqualTo("%!(BADPREC)1.500000|");
    assertThat(Fmt.sprintf("%*d|%.*f", List.of(1_000_000L, 7L, 2L, 1.5)))
        .hasSize(1_000_000 + 1 + 4).endsWith("7|1.50");
  }

  @Test
  void nilOperands() {
    assertThat(Fmt.sprintf("%v %s", Arrays.asList(null, null))).isEqualTo("<nil> %!s(<nil>)");
    assertThat(Fmt.sprint(Arrays.asList(1L, null, "a"))).isEqualTo("1 <nil>a");
  }

  @Test
  void shortestFloatsRoundTrip() {
    double[] values = {0.1, 0.2 + 0.1, 1e23, 9007199254740993.0, 2.2250738585072014e-308,
        1.7976931348623157e308, 123.456, 1e-7};
    String[] go = {"0.1", "0.30000000000000004", "1e+23", "9.007199254740992e+15",
        "2.2250738585072014e-308", "1.7976931348623157e+308", "123.456", "1e-07"};
    for (int i = 0; i < values.length; i++) {
      assertThat(Fmt.formatV(values[i])).as("%s", values[i]).isEqualTo(go[i]);
    }
  }
}
