package dev.vigil.server.promql.parser;

/**
 * A duration in a range, subquery step or offset: a literal, or a Prometheus 3 duration
 * expression over seconds ({@code 5m * 2}, {@code max_of(step(), 5s)}). Immutable.
 */
public sealed interface Duration {

  /** Seconds for the given query step and range (both 0 for instant queries). */
  double seconds(long stepMs, long rangeMs);

  /** Whether the value does not depend on the query's step or range. */
  boolean isConstant();

  /** Milliseconds for the given step; {@code range()} counts as 0. */
  default long evaluateMs(long stepMs) {
    return evaluateMs(stepMs, 0);
  }

  /** Milliseconds for the given step and query range. */
  default long evaluateMs(long stepMs, long rangeMs) {
    return Math.round(seconds(stepMs, rangeMs) * 1000.0);
  }

  static Duration ofMillis(long ms) {
    return new Literal(ms, false);
  }

  /**
   * A literal; {@code number} when written as a plain number of seconds ({@code 1.5}), so it
   * prints back the same way inside an expression.
   */
  record Literal(long ms, boolean number) implements Duration {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      return ms / 1000.0;
    }

    @Override
    public boolean isConstant() {
      return true;
    }

    @Override
    public String toString() {
      return number ? Printer.formatNumber(ms / 1000.0) : Printer.formatDuration(ms);
    }
  }

  /** {@code step()}: the query's step, 0 for instant queries. */
  record Step() implements Duration {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      return stepMs / 1000.0;
    }

    @Override
    public boolean isConstant() {
      return false;
    }

    @Override
    public String toString() {
      return "step()";
    }
  }

  /** {@code range()}: end minus start of a range query, 0 for instant queries. */
  record Range() implements Duration {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      return rangeMs / 1000.0;
    }

    @Override
    public boolean isConstant() {
      return false;
    }

    @Override
    public String toString() {
      return "range()";
    }
  }

  /** {@code -d}. */
  record Negate(Duration d) implements Duration {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      return -d.seconds(stepMs, rangeMs);
    }

    @Override
    public boolean isConstant() {
      return d.isConstant();
    }

    @Override
    public String toString() {
      return "-" + d;
    }
  }

  /** A parenthesised duration expression; kept so it prints back as written. */
  record Paren(Duration d) implements Duration {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      return d.seconds(stepMs, rangeMs);
    }

    @Override
    public boolean isConstant() {
      return d.isConstant();
    }

    @Override
    public String toString() {
      return "(" + d + ")";
    }
  }

  /** {@code lhs op rhs} with op one of {@code + - * / % ^}, over seconds. */
  record Binary(char op, Duration lhs, Duration rhs) implements Duration {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      double a = lhs.seconds(stepMs, rangeMs);
      double b = rhs.seconds(stepMs, rangeMs);
      switch (op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '%': return a % b;
        case '^': return Math.pow(a, b);
        default: throw new IllegalStateException("unknown duration operator " + op);
      }
    }

    @Override
    public boolean isConstant() {
      return lhs.isConstant() && rhs.isConstant();
    }

    @Override
    public String toString() {
      return lhs + " " + op + " " + rhs;
    }
  }

  /** {@code min_of(a, b)} or {@code max_of(a, b)}. */
  record MinMax(boolean max, Duration a, Duration b) implements Duration {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      double x = a.seconds(stepMs, rangeMs);
      double y = b.seconds(stepMs, rangeMs);
      return max ? Math.max(x, y) : Math.min(x, y);
    }

    @Override
    public boolean isConstant() {
      return a.isConstant() && b.isConstant();
    }

    @Override
    public String toString() {
      return (max ? "max_of(" : "min_of(") + a + ", " + b + ")";
    }
  }
}
