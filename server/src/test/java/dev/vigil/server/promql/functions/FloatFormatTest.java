package dev.vigil.server.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are what Go's strconv prints for the same doubles. */
class FloatFormatTest {

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "0; 0", "-0; -0", "1; 1", "-1; -1", "0.1; 0.1", "2.5; 2.5", "100; 100",
      "0.30000000000000004; 0.30000000000000004", "1e21; 1000000000000000000000",
      "1e15; 1000000000000000", "123456789012345678; 123456789012345680",
      "1.5e-7; 0.00000015", "0.000001; 0.000001", "123456.789; 123456.789",
      "1e23; 100000000000000000000000", "9223372036854775807; 9223372036854776000",
      "-2.4258259770489514e+08; -242582597.70489514", "NaN; NaN", "+Inf; +Inf", "-Inf; -Inf",
      "0.26666666666666666; 0.26666666666666666", "3.3219280948873626; 3.3219280948873626",
      // Java 17's Double.toString prints more digits than needed for these.
      "2.82879384806159E17; 282879384806159000",
      "5.684341886080802E-14; 0.00000000000005684341886080802",
      "2e-3; 0.002", "1.0E-5; 0.00001"})
  void api(String in, String expected) {
    assertThat(FloatFormat.api(FloatFormat.parseGo(in))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "0; 0", "-0; -0", "1e6; 1e+06", "1.5e-7; 1.5e-07", "0.1; 0.1", "100000; 100000",
      "123456; 123456", "1234567; 1.234567e+06", "123456789; 1.23456789e+08", "1e21; 1e+21",
      "5e-324; 5e-324", "0.0001; 0.0001", "0.00001; 1e-05", "1e100; 1e+100", "-2.5; -2.5",
      "0.30000000000000004; 0.30000000000000004", "123456789012345678; 1.2345678901234568e+17",
      "2.4258259770489514e+08; 2.4258259770489514e+08",
      "1.7976931348623157e308; 1.7976931348623157e+308",
      "2.2250738585072014E-308; 2.2250738585072014e-308",
      "2.82879384806159E17; 2.82879384806159e+17",
      "1.9400994884341945E25; 1.9400994884341945e+25", "NaN; NaN", "+Inf; +Inf", "-Inf; -Inf"})
  void goG(String in, String expected) {
    assertThat(FloatFormat.goG(FloatFormat.parseGo(in))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "1; 1", "-1.5e3; -1500", ".5; 0.5", "1.; 1", "+2; 2", "1E+2; 100", "0x1p-2; 0.25",
      "0x1.8p1; 3", "-0X1P4; -16", "0x_1p0; 1", "0x1_0p0; 16", "1_000.5; 1000.5",
      "1e1_0; 1e+10", "1e-400; 0", "Inf; +Inf",
      "+inf; +Inf", "-Infinity; -Inf", "iNf; +Inf", "NaN; NaN", "nan; NaN"})
  void parseGo(String in, String expected) {
    assertThat(FloatFormat.goG(FloatFormat.parseGo(in))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "''", "+", ".", "1e", "e5", "1d", "1f", "' 1'", "'1 '", "+NaN", "-nan", "0x1", "0x.p1",
      "infin", "_1", "1_", "1__0", "1_.5", "1._5", "0x1__0p0", "0x1_p0", "1e400", "0x1p2000",
      "--1", "1.2.3", "0x1.8e1"})
  void parseGoRejects(String in) {
    assertThatThrownBy(() -> FloatFormat.parseGo(in)).isInstanceOf(NumberFormatException.class)
        .hasMessageContaining(in);
  }

  // Arbitrary bit patterns cover every exponent and 17-digit mantissas; jqwik's own doubles
  // have only a few decimals.
  @Property(tries = 3000)
  void apiAndGoGRoundTrip(@ForAll long bits) {
    double x = Double.longBitsToDouble(bits);
    if (Double.isNaN(x)) {
      assertThat(FloatFormat.api(x)).isEqualTo("NaN");
      return;
    }
    assertThat(Double.parseDouble(FloatFormat.api(x).replace("Inf", "Infinity"))).isEqualTo(x);
    assertThat(FloatFormat.parseGo(FloatFormat.goG(x))).isEqualTo(x);
  }

  @Property(tries = 3000)
  void digitsAreTheShortestClosest(@ForAll long bits) {
    double x = Double.longBitsToDouble(bits);
    if (!Double.isFinite(x) || x == 0) {
      return;
    }
    String g = FloatFormat.goG(x);
    String mantissa = g.replace("-", "").replaceAll("e.*", "").replace(".", "")
        .replaceFirst("^0+", "").replaceFirst("0+$", "");
    assertThat(mantissa).isEqualTo(shortestDigitsByBruteForce(Math.abs(x)));
  }

  @Property(tries = 1000)
  void smallDecimalsPrintAsWritten(@ForAll @DoubleRange(min = -1e6, max = 1e6) double x) {
    double rounded = Math.round(x * 1000) / 1000.0;
    String s = FloatFormat.api(rounded);
    assertThat(new BigDecimal(s)).isEqualByComparingTo(
        new BigDecimal(Double.toString(rounded)));
  }

  /** The fewest digits that read back as a, nearest to a: the definition, length by length. */
  private static String shortestDigitsByBruteForce(double a) {
    BigDecimal exact = new BigDecimal(a);
    for (int p = 1; p <= 17; p++) {
      BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      BigDecimal other = exact.round(new MathContext(p,
          nearest.compareTo(exact) < 0 ? RoundingMode.UP : RoundingMode.DOWN));
      for (BigDecimal c : new BigDecimal[] {nearest, other}) {
        if (c.doubleValue() == a) {
          return c.stripTrailingZeros().unscaledValue().toString();
        }
      }
    }
    throw new AssertionError("no 17-digit form of " + a);
  }
}
