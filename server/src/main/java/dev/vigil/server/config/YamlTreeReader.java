package dev.vigil.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the first YAML document into a {@link Node} tree with token locations, using Jackson's
 * streaming YAML parser (the only place the locations are still available).
 */
public final class YamlTreeReader {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final YAMLParser p;
  private final String source;

  private YamlTreeReader(YAMLParser p, String source) {
    this.p = p;
    this.source = source;
  }

  /** The root node, or null for an empty document. */
  public static Node read(String yaml, String source) throws ConfigException {
    try (YAMLParser p = FACTORY.createParser(yaml)) {
      YamlTreeReader r = new YamlTreeReader(p, source);
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      return r.value(t, null);
    } catch (JsonProcessingException e) {
      throw new ConfigException(syntaxError(e, source), e);
    } catch (IOException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * One line for a YAML syntax error. SnakeYAML's messages span several lines with a snippet and
   * a caret; keep its problem text and the position of the problem (not of the context).
   */
  private static String syntaxError(JsonProcessingException e, String source) {
    JsonLocation loc = e.getLocation();
    String where = loc == null ? source : source + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    String text = e.getOriginalMessage();
    if (e.getCause() instanceof MarkedYAMLException m) {
      if (m.getProblemMark() != null) {
        where = source + ":" + (m.getProblemMark().getLine() + 1) + ":"
            + (m.getProblemMark().getColumn() + 1);
      }
      text = (m.getContext() == null ? "" : m.getContext() + ": ") + m.getProblem();
    }
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.equals("^")) {
        sb.append(sb.length() == 0 ? "" : " ").append(t);
      }
    }
    return where + ": invalid YAML: " + sb;
  }

  /** Parses the value starting at token {@code t}; {@code at} is the key location, if any. */
  private Node value(JsonToken t, int[] at) throws IOException, ConfigException {
    JsonLocation loc = p.currentTokenLocation();
    int line = at != null ? at[0] : loc.getLineNr();
    int col = at != null ? at[1] : loc.getColumnNr();
    if (p.isCurrentAlias()) {
      // Anchors and aliases would need a second pass to resolve; no Prometheus example uses them.
      throw new ConfigException(source + ":" + loc.getLineNr() + ":" + loc.getColumnNr()
          + ": YAML aliases (*" + p.getText() + ") are not supported");
    }
    switch (t) {
      case START_OBJECT: {
        Node.Mapping m = new Node.Mapping(line, col);
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          JsonLocation kl = p.currentTokenLocation();
          int[] keyAt = {kl.getLineNr(), kl.getColumnNr()};
          String key = p.currentName();
          JsonToken vt = p.nextToken();
          Node v = value(vt, keyAt);
          int[] prev = m.keyLocations().get(key);
          if (prev != null) {
            throw new ConfigException(source + ":" + keyAt[0] + ":" + keyAt[1] + ": key \"" + key
                + "\" already set at line " + prev[0]);
          }
          m.keyLocations().put(key, keyAt);
          m.entries().put(key, v);
        }
        return m;
      }
      case START_ARRAY: {
        List<Node> items = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          items.add(value(i, null));
        }
        return new Node.Sequence(items, line, col);
      }
      case VALUE_STRING:
        return new Node.Scalar(p.getText(), Node.Scalar.Type.STRING, line, col);
      case VALUE_NUMBER_INT:
        // Jackson decodes YAML's 0x / 0o / underscore forms; keep the decimal value.
        return new Node.Scalar(p.getBigIntegerValue().toString(), Node.Scalar.Type.INT, line, col);
      case VALUE_NUMBER_FLOAT:
        return new Node.Scalar(p.getText(), Node.Scalar.Type.FLOAT, line, col);
      case VALUE_TRUE:
        // YAML 1.1 spellings (yes, on, ...) arrive as booleans too; normalise them.
        return new Node.Scalar("true", Node.Scalar.Type.BOOL, line, col);
      case VALUE_FALSE:
        return new Node.Scalar("false", Node.Scalar.Type.BOOL, line, col);
      case VALUE_NULL:
        return new Node.Scalar(null, Node.Scalar.Type.NULL, line, col);
      default:
        throw new ConfigException(source + ":" + line + ":" + col + ": unexpected YAML " + t);
    }
  }
}
