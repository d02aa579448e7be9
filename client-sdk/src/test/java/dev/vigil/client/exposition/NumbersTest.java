package dev.vigil.client.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumbersTest {

  static String value(double v) {
    ByteSink sink = new ByteSink(8);
    sink.doubleValue(v);
    return new String(sink.toByteArray(), StandardCharsets.US_ASCII);
  }

  static String seconds(long millis) {
    ByteSink sink = new ByteSink(8);
    sink.millisAsSeconds(millis);
    return new String(sink.toByteArray(), StandardCharsets.US_ASCII);
  }

  /** The examples of the OpenMetrics section "Considerations: Canonical Numbers", and more. */
  @ParameterizedTest
  @CsvSource({
      "0, 0.0", "0.001, 0.001", "0.002, 0.002", "0.01, 0.01", "0.1, 0.1", "0.9, 0.9",
      "0.95, 0.95", "0.99, 0.99", "0.999, 0.999", "1, 1.0", "1.7, 1.7", "10, 10.0",
      "1e-10, 1e-10", "1e-9, 1e-09", "1e-5, 1e-05", "0.0001, 0.0001", "100000, 100000.0",
      "1e6, 1e+06", "1e10, 1e+10", "1e23, 1e+23", "1.1e23, 1.1e+23", "0.005, 0.005",
      "0.025, 0.025", "2.5, 2.5", "7.5, 7.5", "-10, -10.0", "-0.5, -0.5", "123456.5, 123456.5",
      "1234567.5, 1.2345675e+06", "0.00011, 0.00011", "1.1e-5, 1.1e-05", "5e-324, 5e-324",
      "1.7976931348623157e308, 1.7976931348623157e+308", "0.30000000000000004, 0.30000000000000004",
      "Infinity, +Inf", "-Infinity, -Inf", "NaN, NaN"
  })
  void canonical(double v, String expected) {
    assertThat(Numbers.canonical(v)).isEqualTo(expected);
  }

  @Test
  void canonicalForEveryThousandthUpToTen() {
    // The OpenMetrics spec asks for consistent output on 0.0 to 10.0 in 0.001 steps.
    for (int i = 0; i <= 10_000; i++) {
      String plain = BigDecimal.valueOf(i, 3).stripTrailingZeros().toPlainString();
      String expected = plain.contains(".") ? plain : plain + ".0";
      assertThat(Numbers.canonical(i / 1000.0)).as("%d/1000", i).isEqualTo(expected);
    }
  }

  @Test
  void canonicalForPowersOfTen() {
    for (int e = -10; e <= 10; e++) {
      double v = Double.parseDouble("1e" + e);
      String expected = e < -4 ? String.format("1e-%02d", -e)
          : e >= 6 ? String.format("1e+%02d", e)
          : BigDecimal.ONE.scaleByPowerOfTen(e).toPlainString() + (e >= 0 ? ".0" : "");
      assertThat(Numbers.canonical(v)).as("1e%d", e).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0", "-0.0, 0", "1, 1", "-1, -1", "1027, 1027", "17560473, 17560473",
      "999999999999999, 999999999999999", "1e15, 1e+15", "1e20, 1e+20", "0.5, 0.5",
      "53.42, 53.42", "4200722.46, 4200722.46", "0.012, 0.012", "1e-7, 1e-07",
      "0.1234567891, 0.1234567891", "-3.5, -3.5", "0.30000000000000004, 0.30000000000000004",
      "1.5e300, 1.5e+300", "Infinity, +Inf", "-Infinity, -Inf", "NaN, NaN"
  })
  void values(double v, String expected) {
    assertThat(value(v)).isEqualTo(expected);
  }

  @Test
  void valuesAndCanonicalNumbersReadBackExactly() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 50_000; i++) {
      double v;
      switch (i % 4) {
        case 0:
          v = Double.longBitsToDouble(random.nextLong());
          break;
        case 1:
          v = random.nextDouble() * Math.pow(10, random.nextInt(-12, 20));
          break;
        case 2:
          v = Math.round(random.nextDouble() * 1e6) / Math.pow(10, random.nextInt(0, 10));
          break;
        default:
          v = random.nextLong(-1L << 60, 1L << 60) / 1024.0;
      }
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        continue;
      }
      String text = value(v);
      assertThat(Double.parseDouble(text)).as(text).isEqualTo(v);
      assertThat(text).as("OpenMetrics number syntax").matches("-?[0-9]+(\\.[0-9]+)?(e[-+][0-9]+)?");
      String canonical = Numbers.canonical(v);
      assertThat(Double.parseDouble(canonical)).as(canonical).isEqualTo(v);
      assertThat(canonical).as("has a point or exponent").containsAnyOf(".", "e");
    }
  }

  @Test
  void canonicalNumbersUseTheFewestDigitsThatReadBack() {
    // Independent of Double.toString, which is not always shortest before Java 19.
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      double v = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE)
          : random.nextDouble() * Math.pow(10, random.nextInt(-12, 24));
      if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
        continue;
      }
      int fewest = 1;
      BigDecimal exact = new BigDecimal(v);
      while (exact.round(new MathContext(fewest, RoundingMode.HALF_EVEN)).doubleValue() != v) {
        fewest++;
      }
      String canonical = Numbers.canonical(v);
      String mantissa = canonical.replaceFirst("e.*", "").replace(".", "")
          .replaceFirst("^0+", "").replaceFirst("0+$", "");
      assertThat(mantissa.length()).as("%s has %d digits", canonical, fewest).isEqualTo(fewest);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0.0", "1, 0.001", "10, 0.01", "100, 0.1", "1000, 1.0", "1520430000123, 1520430000.123",
      "1520430000120, 1520430000.12", "1520430000100, 1520430000.1",
      "1605281325000, 1605281325.0", "-1, -0.001", "-1500, -1.5"
  })
  void millisAsSeconds(long millis, String expected) {
    assertThat(seconds(millis)).isEqualTo(expected);
  }

  @Test
  void longs() {
    ByteSink sink = new ByteSink(1);
    sink.longValue(Long.MIN_VALUE).put(' ').longValue(Long.MAX_VALUE).put(' ').longValue(0)
        .put(' ').longValue(-42).put(' ').longValue(1_000_000_000_000_000_000L);
    assertThat(new String(sink.toByteArray(), StandardCharsets.US_ASCII))
        .isEqualTo("-9223372036854775808 9223372036854775807 0 -42 1000000000000000000");
  }
}
