package dev.vigil.server.relabel;

import com.google.re2j.Matcher;
import java.util.Map;

/**
 * Expands {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} and {@code $$} in a template
 * the way Go's {@code Regexp.Expand} does, so replacements behave exactly as in Prometheus: a name
 * is the longest run of letters, digits and underscores ({@code $1x} is the group named
 * {@code 1x}), references to missing or unmatched groups expand to nothing, and a malformed
 * reference keeps its {@code $} as text.
 */
final class Expander {
  private Expander() {}

  static String expand(String template, Matcher m, Map<String, Integer> named) {
    if (template.indexOf('$') < 0) {
      return template;
    }
    StringBuilder dst = new StringBuilder(template.length() + 16);
    int i = 0;
    int n = template.length();
    while (i < n) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        break;
      }
      dst.append(template, i, dollar);
      i = dollar + 1;
      if (i < n && template.charAt(i) == '$') {
        dst.append('$');
        i++;
        continue;
      }
      // Parse the reference after '$'.
      int p = i;
      boolean brace = p < n && template.charAt(p) == '{';
      if (brace) {
        p++;
      }
      int nameStart = p;
      while (p < n) {
        int cp = template.codePointAt(p);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        p += Character.charCount(cp);
      }
      if (p == nameStart || (brace && (p >= n || template.charAt(p) != '}'))) {
        dst.append('$'); // malformed: the '$' is plain text
        continue;
      }
      String name = template.substring(nameStart, p);
      i = brace ? p + 1 : p;
      int num = groupNumber(name);
      String value = null;
      if (num >= 0) {
        if (num <= m.groupCount()) {
          value = m.group(num);
        }
      } else {
        Integer idx = named.get(name);
        if (idx != null) {
          value = m.group(idx);
        }
      }
      if (value != null) {
        dst.append(value);
      }
    }
    dst.append(template, Math.min(i, n), n);
    return dst.toString();
  }

  /** The group number a name denotes, or -1 when it is a group name (not all ASCII digits). */
  private static int groupNumber(String name) {
    if (name.length() > 1 && name.charAt(0) == '0') {
      return -1; // Go disallows leading zeros: "$01" is the group named "01"
    }
    int num = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    return num;
  }
}
