package dev.vigil.client.httpserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of YAML a web configuration file uses: block mappings and sequences by indentation,
 * flow sequences of scalars, plain and quoted scalars, comments. client-sdk takes no
 * dependencies, so no YAML library; anything beyond this is refused with its line.
 */
final class MiniYaml {
  /** A parsed value and the line it started on: a String, a List of Values or a Map. */
  static final class Value {
    final Object value;
    final int line;

    Value(Object value, int line) {
      this.value = value;
      this.line = line;
    }

    boolean isNull() {
      return value == null;
    }
  }

  /** A bad document: the message already names the line. */
  static final class YamlException extends Exception {
    final int line;

    YamlException(int line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }
  }

  private static final class Line {
    final int number;
    final int indent;
    final String text;

    Line(int number, int indent, String text) {
      this.number = number;
      this.indent = indent;
      this.text = text;
    }
  }

  private final List<Line> lines = new ArrayList<>();
  private int pos;

  private MiniYaml(String text) throws YamlException {
    String[] raw = text.split("\r?\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String s = stripComment(raw[i], i + 1);
      if (s.isBlank() || s.strip().equals("---")) {
        continue;
      }
      int indent = 0;
      while (indent < s.length() && s.charAt(indent) == ' ') {
        indent++;
      }
      if (s.charAt(indent) == '\t') {
        throw new YamlException(i + 1, "tabs are not allowed for indentation");
      }
      lines.add(new Line(i + 1, indent, s.strip()));
    }
  }

  /** The document's top value: a Map, or null for an empty document. */
  static Value parse(String text) throws YamlException {
    MiniYaml y = new MiniYaml(text);
    if (y.lines.isEmpty()) {
      return new Value(null, 1);
    }
    Value v = y.block(y.lines.get(0).indent);
    if (y.pos < y.lines.size()) {
      throw new YamlException(y.lines.get(y.pos).number, "unexpected indentation");
    }
    return v;
  }

  private Value block(int indent) throws YamlException {
    Line first = lines.get(pos);
    if (first.text.startsWith("- ") || first.text.equals("-")) {
      return sequence(indent);
    }
    return mapping(indent);
  }

  private Value mapping(int indent) throws YamlException {
    Map<String, Value> map = new LinkedHashMap<>();
    int startLine = lines.get(pos).number;
    while (pos < lines.size() && lines.get(pos).indent == indent) {
      Line l = lines.get(pos);
      int colon = keyEnd(l);
      String key = unquote(l.text.substring(0, colon).strip(), l.number);
      String rest = l.text.substring(colon + 1).strip();
      if (map.containsKey(key)) {
        throw new YamlException(l.number, "key \"" + key + "\" already set");
      }
      pos++;
      Value v;
      if (!rest.isEmpty()) {
        v = scalarOrFlow(rest, l.number);
      } else if (pos < lines.size() && lines.get(pos).indent > indent) {
        v = new Value(block(lines.get(pos).indent).value, l.number);
      } else if (pos < lines.size() && lines.get(pos).indent == indent
          && lines.get(pos).text.startsWith("-")) {
        // YAML allows a sequence at its key's indentation.
        v = new Value(sequence(indent).value, l.number);
      } else {
        v = new Value(null, l.number);
      }
      map.put(key, v);
    }
    if (pos < lines.size() && lines.get(pos).indent > indent) {
      throw new YamlException(lines.get(pos).number, "unexpected indentation");
    }
    return new Value(map, startLine);
  }

  private Value sequence(int indent) throws YamlException {
    List<Value> list = new ArrayList<>();
    int startLine = lines.get(pos).number;
    while (pos < lines.size() && lines.get(pos).indent == indent
        && (lines.get(pos).text.startsWith("- ") || lines.get(pos).text.equals("-"))) {
      Line l = lines.get(pos);
      String item = l.text.substring(1).strip();
      if (item.isEmpty() || (keyEndOrMinus(item) >= 0)) {
        throw new YamlException(l.number, "only plain values are supported in a list here");
      }
      list.add(scalarOrFlow(item, l.number));
      pos++;
    }
    return new Value(list, startLine);
  }

  private static int keyEndOrMinus(String s) {
    if (s.startsWith("\"") || s.startsWith("'")) {
      return -1;
    }
    int i = s.indexOf(": ");
    return i >= 0 || s.endsWith(":") ? 0 : -1;
  }

  private static int keyEnd(Line l) throws YamlException {
    String t = l.text;
    int from = 0;
    if (t.startsWith("\"") || t.startsWith("'")) {
      int close = t.indexOf(t.charAt(0), 1);
      if (close < 0) {
        throw new YamlException(l.number, "unterminated quoted key");
      }
      from = close + 1;
    }
    for (int i = from; i < t.length(); i++) {
      if (t.charAt(i) == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' ')) {
        return i;
      }
    }
    if (t.startsWith("-")) {
      throw new YamlException(l.number, "a list item where a key was expected");
    }
    throw new YamlException(l.number, "expected \"key: value\", got \"" + t + "\"");
  }

  private static Value scalarOrFlow(String s, int line) throws YamlException {
    if (s.startsWith("[")) {
      if (!s.endsWith("]")) {
        throw new YamlException(line, "unterminated flow sequence");
      }
      List<Value> list = new ArrayList<>();
      String body = s.substring(1, s.length() - 1).strip();
      if (!body.isEmpty()) {
        for (String part : body.split(",", -1)) {
          list.add(new Value(unquote(part.strip(), line), line));
        }
      }
      return new Value(list, line);
    }
    if (s.equals("{}")) {
      return new Value(new LinkedHashMap<String, Value>(), line);
    }
    if (s.startsWith("{") || s.startsWith("&") || s.startsWith("*") || s.startsWith("|")
        || s.startsWith(">") || s.startsWith("!")) {
      throw new YamlException(line, "this YAML form is not supported here: " + s);
    }
    String v = unquote(s, line);
    return new Value(s.equals("~") || s.equals("null") ? null : v, line);
  }

  private static String unquote(String s, int line) throws YamlException {
    if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
      return s.substring(1, s.length() - 1).replace("''", "'");
    }
    if (s.startsWith("\"")) {
      if (s.length() < 2 || !s.endsWith("\"")) {
        throw new YamlException(line, "unterminated double-quoted string");
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i < s.length() - 1; i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length() - 1) {
          char e = s.charAt(++i);
          switch (e) {
            case 'n': sb.append('\n'); break;
            case 't': sb.append('\t'); break;
            case '"': sb.append('"'); break;
            case '\\': sb.append('\\'); break;
            case '/': sb.append('/'); break;
            default: throw new YamlException(line, "unsupported escape \\" + e);
          }
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    }
    if (s.startsWith("'")) {
      throw new YamlException(line, "unterminated single-quoted string");
    }
    return s;
  }

  /** Drops a comment: '#' at the start or after a space, outside quotes. */
  private static String stripComment(String s, int line) {
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        if (i == 0 || " :[,-".indexOf(s.charAt(i - 1)) >= 0) {
          quote = c;
        }
      } else if (c == '#' && (i == 0 || s.charAt(i - 1) == ' ')) {
        return s.substring(0, i);
      }
    }
    return s;
  }
}
