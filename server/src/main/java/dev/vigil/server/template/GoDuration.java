package dev.vigil.server.template;

import java.util.List;

/**
 * Go's time.Duration (nanoseconds) for templates: prints like {@code Duration.String()}
 * ("1h2m3.5s", "1.5ms", "0s") and offers Seconds, Minutes, Hours, Milliseconds, Nanoseconds.
 */
public record GoDuration(long nanos) implements TemplateObject {
  @Override
  public Object field(String name, List<Object> args) throws TemplateException {
    if (!args.isEmpty()) {
      WrongArgs.want(name, args, 0);
    }
    return switch (name) {
      case "Seconds" -> nanos / 1e9;
      case "Minutes" -> nanos / 6e10;
      case "Hours" -> nanos / 3.6e12;
      case "Milliseconds" -> nanos / 1_000_000;
      case "Microseconds" -> nanos / 1_000;
      case "Nanoseconds" -> nanos;
      case "String" -> toString();
      default -> MISSING;
    };
  }

  @Override
  public String typeName() {
    return "time.Duration";
  }

  @Override
  public String toString() {
    return format(nanos);
  }

  /** time.Duration.String(). */
  static String format(long d) {
    if (d == 0) {
      return "0s";
    }
    boolean neg = d < 0;
    // Unsigned magnitude; Long.MIN_VALUE stays correct as an unsigned value.
    long u = neg ? -d : d;
    StringBuilder b = new StringBuilder();
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u < 1_000) {
        b.append(u).append("ns");
      } else if (u < 1_000_000) {
        b.append(frac(u, 3)).append("µs");
      } else {
        b.append(frac(u, 6)).append("ms");
      }
    } else {
      String sec = frac(Long.remainderUnsigned(u, 60_000_000_000L), 9);
      long mins = Long.divideUnsigned(u, 60_000_000_000L);
      if (mins > 0) {
        long h = mins / 60;
        b.append(h > 0 ? h + "h" : "").append(mins % 60).append('m');
      }
      b.append(sec).append('s');
    }
    return (neg ? "-" : "") + b;
  }

  /** v / 10^prec with the fraction's trailing zeros (and a bare dot) dropped. */
  private static String frac(long v, int prec) {
    long pow = 1;
    for (int i = 0; i < prec; i++) {
      pow *= 10;
    }
    long whole = Long.divideUnsigned(v, pow);
    long f = Long.remainderUnsigned(v, pow);
    if (f == 0) {
      return Long.toUnsignedString(whole);
    }
    String fs = String.format("%0" + prec + "d", f);
    int end = fs.length();
    while (fs.charAt(end - 1) == '0') {
      end--;
    }
    return Long.toUnsignedString(whole) + "." + fs.substring(0, end);
  }
}
