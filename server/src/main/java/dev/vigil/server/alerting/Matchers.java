package dev.vigil.server.alerting;

import dev.vigil.server.model.LabelNames;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.promql.parser.Printer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Alertmanager's matcher syntax (not PromQL's), as used in {@code alertmanager.yml} and by
 * {@code amtool}: {@code {a="b", c=~"x"}}, {@code a=b,c!~x} or a single matcher. Regular
 * expressions are RE2 and anchored at both ends. Stateless and thread-safe.
 *
 * <p>Parsing follows Alertmanager's default "fallback" mode: the input is read with the classic
 * parser (unquoted values may hold spaces and be empty, {@code foo=}) and, when that fails, with
 * the UTF-8 parser (quoted label names such as {@code "service.name"="x"}, Go string escapes).
 * When both accept an input but disagree, Alertmanager keeps the classic reading, and so does
 * this class. A failure reports the UTF-8 parser's error, which names the column.
 */
public final class Matchers {
  /** Alertmanager's sort order for matchers: name, then value, then type. */
  public static final Comparator<Matcher> ORDER = Comparator.comparing(Matcher::name)
      .thenComparing(Matcher::value).thenComparing(Matcher::type);

  private Matchers() {}

  /**
   * Parses a list of matchers, in input order; an empty input or {@code {}} is an empty list.
   *
   * @throws IllegalArgumentException with a message saying what is wrong and where
   */
  public static List<Matcher> parse(String text) throws IllegalArgumentException {
    try {
      return List.copyOf(MatchersClassicParser.parse(text));
    } catch (IllegalArgumentException classic) {
      return List.copyOf(MatchersUtf8Parser.parse(text));
    }
  }

  /** Parses exactly one matcher (braces allowed); anything else is an IllegalArgumentException. */
  public static Matcher parseOne(String text) {
    List<Matcher> ms = parse(text);
    if (ms.size() != 1) {
      throw new IllegalArgumentException("expected 1 matcher, found " + ms.size() + " in "
          + Printer.quote(text));
    }
    return ms.get(0);
  }

  /** A copy sorted as Alertmanager sorts the matchers of a route or a rule. */
  public static List<Matcher> sorted(List<Matcher> ms) {
    List<Matcher> out = new ArrayList<>(ms);
    out.sort(ORDER);
    return List.copyOf(out);
  }

  /** {@code {a="b",c=~"x"}}, in the given order, values quoted as Go's %q does. */
  public static String format(List<Matcher> ms) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < ms.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(format(ms.get(i)));
    }
    return sb.append('}').toString();
  }

  /** {@code name="value"}; a name that is not a classic label name is quoted too. */
  public static String format(Matcher m) {
    String name = LabelNames.isValid(m.name()) ? m.name() : Printer.quote(m.name());
    return name + m.type().op() + Printer.quote(m.value());
  }

  /** Whether every matcher matches; an absent label is the empty string. */
  public static boolean matches(List<Matcher> ms, dev.vigil.server.model.Labels labels) {
    for (Matcher m : ms) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

}
