package dev.vigil.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node that remembers where it was written, so every error can name file, line and
 * column. Jackson's {@code JsonNode} drops locations, hence this small tree of our own.
 *
 * <p>The location of a mapping value is the location of its key (errors point at
 * {@code scrape_interval:}, not at the value after it); sequence items keep their own location.
 */
public sealed interface Node permits Node.Scalar, Node.Mapping, Node.Sequence {
  int line();

  int column();

  /** What a user would call this kind of node in an error message. */
  String kind();

  /**
   * A scalar. {@code text} is the scalar as written (null for YAML null); {@code quoted} tells a
   * quoted {@code "true"} from a plain boolean.
   */
  record Scalar(String text, Type type, int line, int column) implements Node {
    enum Type { STRING, INT, FLOAT, BOOL, NULL }

    @Override
    public String kind() {
      return type == Type.NULL ? "null" : "scalar";
    }
  }

  /** A mapping with keys in file order; each key remembers its own location. */
  record Mapping(Map<String, Node> entries, Map<String, int[]> keyLocations, int line, int column)
      implements Node {
    Mapping(int line, int column) {
      this(new LinkedHashMap<>(), new LinkedHashMap<>(), line, column);
    }

    @Override
    public String kind() {
      return "mapping";
    }
  }

  record Sequence(List<Node> items, int line, int column) implements Node {
    @Override
    public String kind() {
      return "sequence";
    }
  }
}
