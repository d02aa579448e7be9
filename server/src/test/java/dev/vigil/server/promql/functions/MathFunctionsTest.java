package dev.vigil.server.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected numbers come from the promql conformance scripts (functions, trig, aggregators). */
class MathFunctionsTest {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void roundingTiesGoUp() {
    double[] in = {2.5, 2, -2.5, -2, 0, -0.0, INF, -INF};
    double[] out = {3, 2, -2, -2, 0, 0, INF, -INF};
    for (int i = 0; i < in.length; i++) {
      assertThat(MathFunctions.round(in[i])).isEqualTo(out[i]);
    }
    assertThat(MathFunctions.round(-0.0)).isEqualTo(0.0).matches(v -> 1 / v > 0, "is +0");
    assertThat(MathFunctions.round(NAN)).isNaN();
  }

  @Test
  void roundToNearest() {
    assertThat(MathFunctions.round(0.004 * 100, 1)).isEqualTo(0);
    assertThat(MathFunctions.round(0.005 * 100, 1)).isEqualTo(1);
    assertThat(MathFunctions.round(-1 * (0.005 * 100), 1)).isEqualTo(0);
    assertThat(MathFunctions.round(-1 * (1 + 0.005 * 200), 1)).isEqualTo(-2);
    assertThat(MathFunctions.round(0.0005 * 100, 0.1)).isEqualTo(0.1);
    assertThat(MathFunctions.round(2.1 + 0.0005 * 200, 0.1)).isEqualTo(2.2);
    assertThat(MathFunctions.round(5.2 + 0.0005 * 100, 0.1)).isEqualTo(5.3);
    assertThat(MathFunctions.round(-1 * (5.2 + 0.0005 * 100), 0.1)).isEqualTo(-5.2);
    assertThat(MathFunctions.round(-1 * (5.2 + 0.0005 * 200), 0.1)).isEqualTo(-5.3);
    assertThat(MathFunctions.round(0.025 * 100, 5)).isEqualTo(5);
    assertThat(MathFunctions.round(0.045 * 200, 5)).isEqualTo(10);
  }

  @Test
  void clampFollowsGoMinMax() {
    assertThat(MathFunctions.clampMax(100, 75)).isEqualTo(75);
    assertThat(MathFunctions.clampMin(-50, -25)).isEqualTo(-25);
    assertThat(MathFunctions.clamp(-50, -25, 75)).isEqualTo(-25);
    assertThat(MathFunctions.clamp(0, -25, 75)).isEqualTo(0);
    assertThat(MathFunctions.clamp(100, 0, NAN)).isNaN();
    assertThat(MathFunctions.clamp(100, NAN, 0)).isNaN();
    assertThat(MathFunctions.clampHasResult(0, NAN)).isTrue();
    assertThat(MathFunctions.clampHasResult(5, -5)).isFalse();
    // Go: an infinity beats NaN in Max/Min; Java's Math.max would give NaN.
    assertThat(MathFunctions.clampMin(NAN, INF)).isEqualTo(INF);
    assertThat(MathFunctions.clampMax(NAN, -INF)).isEqualTo(-INF);
    assertThat(MathFunctions.clampMin(NAN, 1)).isNaN();
  }

  @Test
  void sgnKeepsZeroAndNaN() {
    assertThat(MathFunctions.sgn(-INF)).isEqualTo(-1);
    assertThat(MathFunctions.sgn(INF)).isEqualTo(1);
    assertThat(MathFunctions.sgn(NAN)).isNaN();
    assertThat(MathFunctions.sgn(-50)).isEqualTo(-1);
    assertThat(MathFunctions.sgn(0)).isEqualTo(0);
    assertThat(MathFunctions.sgn(100)).isEqualTo(1);
  }

  @Test
  void exponentsAndLogarithms() {
    assertThat(MathFunctions.exp(10)).isEqualTo(22026.465794806718);
    assertThat(MathFunctions.exp(20)).isEqualTo(485165195.4097903);
    // Go on amd64 computes exp in assembly; it can differ from fdlibm in the last bit.
    assertThat(MathFunctions.exp(-10)).isCloseTo(4.5399929762484854e-05, within(1e-19));
    assertThat(MathFunctions.ln(10)).isEqualTo(2.302585092994046);
    assertThat(MathFunctions.ln(20)).isEqualTo(2.995732273553991);
    assertThat(MathFunctions.ln(0)).isEqualTo(-INF);
    assertThat(MathFunctions.ln(-10)).isNaN();
    assertThat(MathFunctions.exp(MathFunctions.ln(20))).isCloseTo(20, within(1e-14));
    assertThat(MathFunctions.sqrt(10)).isEqualTo(3.1622776601683795);
    assertThat(MathFunctions.sqrt(20)).isEqualTo(4.47213595499958);
    assertThat(MathFunctions.log2(10)).isEqualTo(3.3219280948873626);
    assertThat(MathFunctions.log2(20)).isEqualTo(4.321928094887363);
    assertThat(MathFunctions.log2(0)).isEqualTo(-INF);
    assertThat(MathFunctions.log2(-10)).isNaN();
    assertThat(MathFunctions.log2(1024)).isEqualTo(10);
    assertThat(MathFunctions.log2(Double.MIN_VALUE)).isEqualTo(-1074);
    assertThat(MathFunctions.log10(10)).isEqualTo(1);
    assertThat(MathFunctions.log10(20)).isEqualTo(1.301029995663981);
  }

  @ParameterizedTest
  @CsvSource({
      "sin, 10, -0.5440211108893699", "sin, 20, 0.9129452507276277",
      "cos, 10, -0.8390715290764524", "cos, 20, 0.40808206181339196",
      "tan, 10, 0.6483608274590867", "tan, 20, 2.2371609442247427",
      "asin, -0.09999999999999964, -0.10016742116155944", "asin, 9.9, NaN",
      "acos, -0.09999999999999964, 1.670963747956456", "acos, 9.9, NaN",
      "atan, 10, 1.4711276743037345", "atan, 20, 1.5208379310729538",
      "sinh, 10, 11013.232874703393", "sinh, 20, 2.4258259770489514e+08",
      "cosh, 10, 11013.232920103324", "cosh, 20, 2.4258259770489514e+08",
      "tanh, 10, 0.9999999958776927", "tanh, 20, 1",
      "asinh, 10, 2.99822295029797", "asinh, 20, 3.6895038689889055",
      "acosh, 10, 2.993222846126381", "acosh, 20, 3.6882538673612966",
      "atanh, -0.09999999999999964, -0.10033534773107522", "atanh, 9.9, NaN",
      "rad, 10, 0.17453292519943295", "rad, 20, 0.3490658503988659", "rad, 0, 0",
      "deg, 10, 572.9577951308232", "deg, 20, 1145.9155902616465", "deg, -10, -572.9577951308232",
      "sin, NaN, NaN", "acosh, NaN, NaN", "deg, NaN, NaN"})
  void trigonometry(String function, double in, double expected) {
    DoubleUnaryOperator f = switch (function) {
      case "sin" -> MathFunctions::sin;
      case "cos" -> MathFunctions::cos;
      case "tan" -> MathFunctions::tan;
      case "asin" -> MathFunctions::asin;
      case "acos" -> MathFunctions::acos;
      case "atan" -> MathFunctions::atan;
      case "sinh" -> MathFunctions::sinh;
      case "cosh" -> MathFunctions::cosh;
      case "tanh" -> MathFunctions::tanh;
      case "asinh" -> MathFunctions::asinh;
      case "acosh" -> MathFunctions::acosh;
      case "atanh" -> MathFunctions::atanh;
      case "rad" -> MathFunctions::rad;
      case "deg" -> MathFunctions::deg;
      default -> throw new IllegalArgumentException(function);
    };
    double actual = f.applyAsDouble(in);
    if (Double.isNaN(expected)) {
      assertThat(actual).isNaN();
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }

  @Test
  void inverseHyperbolicSpecialCases() {
    assertThat(MathFunctions.atanh(1)).isEqualTo(INF);
    assertThat(MathFunctions.atanh(-1)).isEqualTo(-INF);
    assertThat(MathFunctions.acosh(1)).isEqualTo(0);
    assertThat(MathFunctions.acosh(0.5)).isNaN();
    assertThat(MathFunctions.asinh(-INF)).isEqualTo(-INF);
    assertThat(MathFunctions.asinh(-1)).isCloseTo(-0.881373587019543, within(1e-15));
    assertThat(MathFunctions.pi()).isEqualTo(3.141592653589793);
  }
}
