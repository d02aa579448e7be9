package dev.vigil.server.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NearestCheckTest {

  /** The same question answered with exact decimals. */
  private static int bySubtraction(double a, long d, int e) {
    BigDecimal exact = new BigDecimal(a);
    BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(e);
    BigDecimal diff = exact.subtract(BigDecimal.valueOf(d).multiply(unit));
    int c = diff.abs().multiply(BigDecimal.valueOf(2)).compareTo(unit);
    if (c < 0) {
      return 0;
    }
    return c > 0 ? diff.signum() : NearestCheck.UNKNOWN;
  }

  @Property(tries = 3000)
  void agreesWithExactDecimals(@ForAll @LongRange(min = 1L << 52, max = (1L << 53) - 1) long m,
      @ForAll @IntRange(min = -120, max = 120) int binaryExponent,
      @ForAll @IntRange(min = -1, max = 1) int nudge) {
    double a = Math.scalb((double) m, binaryExponent - 52);
    // Seventeen significant digits of a, then possibly one unit off.
    BigDecimal exact = new BigDecimal(a);
    int e = exact.precision() - exact.scale() - 17;
    long d = exact.scaleByPowerOfTen(-e).setScale(0, java.math.RoundingMode.HALF_EVEN)
        .longValueExact() + nudge;
    int side = NearestCheck.side(a, d, e);
    if (side != NearestCheck.UNKNOWN) {
      assertThat(side).isEqualTo(bySubtraction(a, d, e));
    }
  }

  @Test
  void outOfReachIsUnknown() {
    assertThat(NearestCheck.side(Double.MIN_VALUE, 5, -324)).isEqualTo(NearestCheck.UNKNOWN);
    assertThat(NearestCheck.side(1e-30, 10000000000000000L, -46))
        .isEqualTo(NearestCheck.UNKNOWN);
    // The double 0.1 is 0.1000000000000000055511...: with 17 digits, ...001 is nearest.
    assertThat(NearestCheck.side(0.1, 10000000000000000L, -17)).isEqualTo(1);
    assertThat(NearestCheck.side(0.1, 10000000000000001L, -17)).isEqualTo(0);
    assertThat(NearestCheck.side(0.1, 10000000000000002L, -17)).isEqualTo(-1);
    // Large binary exponents shift the double's side by 64 bits and more.
    assertThat(NearestCheck.side(0x1p116, 83076749736557242L, 18)).isEqualTo(0);
    assertThat(NearestCheck.side(0x1p116, 83076749736557241L, 18)).isEqualTo(1);
  }
}
