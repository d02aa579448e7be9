package dev.vigil.server.template;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** String functions shared by Prometheus and Alertmanager templates. */
final class StringFuncs {
  private StringFuncs() {}

  /** Prometheus's string functions (title is cases.Title with NoLower). */
  static FuncMap prometheus() {
    return common().with("title", one("title", s -> title(s, true)))
        .with("stripPort", one("stripPort", StringFuncs::stripPort))
        .with("stripDomain", one("stripDomain", StringFuncs::stripDomain))
        .with("urlQueryEscape", one("urlQueryEscape", Builtins::queryEscape));
  }

  /** Alertmanager's string functions that match Prometheus's (title is strings.Title). */
  static FuncMap alertmanagerCommon() {
    return common().with("title", one("title", s -> title(s, false)));
  }

  private static FuncMap common() {
    return FuncMap.builtins()
        .with("toUpper", one("toUpper", s -> s.toUpperCase(java.util.Locale.ROOT)))
        .with("toLower", one("toLower", s -> s.toLowerCase(java.util.Locale.ROOT)))
        .with("safeHtml", one("safeHtml", s -> s))
        .with("match", args -> {
          WrongArgs.want("match", args, 2);
          Pattern p = compile(PrometheusTemplates.str(args.get(0)), false);
          return p.matcher(PrometheusTemplates.str(args.get(1))).find();
        })
        .with("reReplaceAll", args -> {
          WrongArgs.want("reReplaceAll", args, 3);
          Pattern p = compile(PrometheusTemplates.str(args.get(0)), true);
          return replaceAll(p, PrometheusTemplates.str(args.get(2)),
              PrometheusTemplates.str(args.get(1)));
        });
  }

  interface StrFn {
    String apply(String s) throws TemplateException;
  }

  static TemplateFunction one(String name, StrFn f) {
    return args -> {
      WrongArgs.want(name, args, 1);
      return f.apply(PrometheusTemplates.str(args.get(0)));
    };
  }

  /**
   * @param must whether to report as Go's regexp.MustCompile panic (reReplaceAll) rather than
   *     as regexp.MatchString's error (match)
   */
  static Pattern compile(String re, boolean must) throws TemplateException {
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      String msg = e.getMessage();
      throw new TemplateException(must ? "regexp: Compile(" + Fmt.quote(re) + "): " + msg : msg);
    }
  }

  /** Go's Regexp.ReplaceAllString, with $1, ${1}, $name, ${name} and $$ in the replacement. */
  static String replaceAll(Pattern p, String src, String repl) {
    Matcher m = p.matcher(src);
    Map<String, Integer> names = p.namedGroups();
    StringBuilder b = new StringBuilder();
    int lastMatchEnd = 0;
    int searchPos = 0;
    int end = src.length();
    while (searchPos <= end && m.find(searchPos)) {
      int a0 = m.start();
      int a1 = m.end();
      b.append(src, lastMatchEnd, a0);
      if (a1 > lastMatchEnd || a0 == 0) {
        expand(b, repl, m, names);
      }
      lastMatchEnd = a1;
      int width = searchPos < end ? Character.charCount(src.codePointAt(searchPos)) : 1;
      if (searchPos + width > a1) {
        searchPos += width;
      } else if (searchPos + 1 > a1) {
        searchPos++;
      } else {
        searchPos = a1;
      }
    }
    b.append(src, Math.min(lastMatchEnd, end), end);
    return b.toString();
  }

  private static void expand(StringBuilder b, String t, Matcher m, Map<String, Integer> names) {
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c != '$') {
        b.append(c);
        i++;
        continue;
      }
      if (i + 1 < t.length() && t.charAt(i + 1) == '$') {
        b.append('$');
        i += 2;
        continue;
      }
      String name = null;
      int next = i + 1;
      if (next < t.length() && t.charAt(next) == '{') {
        int close = t.indexOf('}', next);
        if (close > next + 1 && isName(t.substring(next + 1, close))) {
          name = t.substring(next + 1, close);
          next = close + 1;
        }
      } else {
        int j = next;
        while (j < t.length() && (Character.isLetterOrDigit(t.charAt(j)) || t.charAt(j) == '_')) {
          j++;
        }
        if (j > next) {
          name = t.substring(next, j);
          next = j;
        }
      }
      if (name == null) {
        b.append('$'); // malformed: Go keeps the dollar as text
        i++;
        continue;
      }
      i = next;
      int group = -1;
      if (name.chars().allMatch(Character::isDigit)) {
        try {
          group = Integer.parseInt(name);
        } catch (NumberFormatException e) {
          group = -1;
        }
      } else {
        group = Objects.requireNonNullElse(names.get(name), -1);
      }
      if (group >= 0 && group <= m.groupCount()) {
        String g = m.group(group);
        if (g != null) {
          b.append(g);
        }
      }
    }
  }

  private static boolean isName(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /**
   * Upper-cases the first letter of each word. {@code apostropheJoins}: golang.org/x/text's
   * cases.Title treats "don't" as one word; strings.Title splits at the apostrophe.
   */
  static String title(String s, boolean apostropheJoins) {
    StringBuilder b = new StringBuilder(s.length());
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      boolean sep = !(Character.isLetterOrDigit(prev) || prev == '_'
          || (apostropheJoins && (prev == '\'' || prev == '’')));
      b.appendCodePoint(sep ? Character.toTitleCase(cp) : cp);
      prev = cp;
    }
    return b.toString();
  }

  /** Go's net.SplitHostPort; null on error. */
  static String[] splitHostPort(String hp) {
    int i = hp.lastIndexOf(':');
    if (i < 0) {
      return null;
    }
    String host;
    int j = 0;
    int k = 0;
    if (hp.startsWith("[")) {
      int end = hp.indexOf(']');
      if (end < 0) {
        return null;
      }
      if (end + 1 == hp.length() || end + 1 != i) {
        return null;
      }
      host = hp.substring(1, end);
      j = 1;
      k = end + 1;
    } else {
      host = hp.substring(0, i);
      if (host.indexOf(':') >= 0) {
        return null;
      }
    }
    if (hp.indexOf('[', j) >= 0 || hp.indexOf(']', k) >= 0) {
      return null;
    }
    return new String[] {host, hp.substring(i + 1)};
  }

  static String stripPort(String hp) {
    String[] s = splitHostPort(hp);
    return s == null ? hp : s[0];
  }

  static String stripDomain(String hp) {
    String[] s = splitHostPort(hp);
    String host = s == null ? hp : s[0];
    String port = s == null ? "" : s[1];
    if (isIp(host)) {
      return hp;
    }
    int dot = host.indexOf('.');
    if (dot >= 0) {
      host = host.substring(0, dot);
    }
    if (!port.isEmpty()) {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
    return host;
  }

  /** Go's net.ParseIP != nil, for dotted IPv4 and IPv6 text. */
  static boolean isIp(String h) {
    if (h.matches("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})")) {
      for (String part : h.split("\\.")) {
        if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
          return false;
        }
      }
      return true;
    }
    if (h.indexOf(':') < 0 || h.indexOf('%') >= 0) {
      return false;
    }
    try {
      return h.matches("[0-9A-Fa-f:.]+")
          && java.net.InetAddress.getByName(h) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

}
