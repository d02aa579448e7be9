package dev.vigil.server.config;

import java.util.function.UnaryOperator;

/**
 * Expands {@code $VAR} and {@code ${VAR}} in external label values, the one place the spec says
 * Prometheus reads the environment. {@code $$} is a literal {@code $}; unknown variables become
 * the empty string. As with Go's {@code os.Expand}, a digit or one of {@code *#@!?-} after
 * {@code $} is a one-character name.
 */
final class EnvExpander {
  private EnvExpander() {}

  static String expand(String s, UnaryOperator<String> env) {
    if (s.indexOf('$') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '$' || i + 1 >= s.length()) {
        out.append(c);
        i++;
        continue;
      }
      char n = s.charAt(i + 1);
      if (n == '$') {
        out.append('$');
        i += 2;
      } else if (n == '{') {
        int close = s.indexOf('}', i + 2);
        if (close < 0) {
          out.append(s, i, s.length()); // unterminated: keep as written
          break;
        }
        out.append(lookup(env, s.substring(i + 2, close)));
        i = close + 1;
      } else if ("*#@!?-0123456789".indexOf(n) >= 0) {
        // Shell-style special names are one character long: "$1abc" is $1 followed by "abc".
        out.append(lookup(env, String.valueOf(n)));
        i += 2;
      } else if (Character.isLetter(n) || n == '_') {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        out.append(lookup(env, s.substring(i + 1, j)));
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String lookup(UnaryOperator<String> env, String name) {
    String v = env.apply(name);
    return v == null ? "" : v;
  }
}
