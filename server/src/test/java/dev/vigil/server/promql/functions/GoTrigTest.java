package dev.vigil.server.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * The Go ports agree with fdlibm to within a few ulps everywhere (the exact Go values are
 * checked in MathFunctionsTest with the conformance numbers).
 */
class GoTrigTest {

  /** Go's Cephes code is a few ulps off; its reduction loses more as arguments grow. */
  private static void near(double actual, double expected, double x) {
    assertThat(actual).isCloseTo(expected,
        within(8 * Math.ulp(expected) + Math.abs(x) * 1e-21 + 1e-300));
  }

  @Property(tries = 2000)
  void sinCosTan(@ForAll @DoubleRange(min = -1e6, max = 1e6) double x) {
    near(GoTrig.sin(x), StrictMath.sin(x), x);
    near(GoTrig.cos(x), StrictMath.cos(x), x);
    double tan = StrictMath.tan(x);
    if (Math.abs(tan) < 1e8) {
      near(GoTrig.tan(x), tan, x);
    }
  }

  @Property(tries = 2000)
  void inverses(@ForAll @DoubleRange(min = -1, max = 1) double x) {
    near(GoTrig.asin(x), StrictMath.asin(x), 0);
    near(GoTrig.acos(x), StrictMath.acos(x), 0);
    near(GoTrig.atan(x * 1e3), StrictMath.atan(x * 1e3), 0);
  }

  @Test
  void specialValues() {
    assertThat(GoTrig.sin(-0.0)).isEqualTo(-0.0);
    assertThat(GoTrig.sin(Double.POSITIVE_INFINITY)).isNaN();
    assertThat(GoTrig.cos(Double.NEGATIVE_INFINITY)).isNaN();
    assertThat(GoTrig.cos(0)).isEqualTo(1);
    assertThat(GoTrig.tan(Double.NaN)).isNaN();
    assertThat(GoTrig.asin(1.5)).isNaN();
    assertThat(GoTrig.asin(1)).isEqualTo(Math.PI / 2);
    assertThat(GoTrig.acos(1)).isEqualTo(0);
    assertThat(GoTrig.atan(Double.POSITIVE_INFINITY)).isEqualTo(Math.PI / 2);
    assertThat(GoTrig.sin(1e10)).isEqualTo(StrictMath.sin(1e10));
  }
}
