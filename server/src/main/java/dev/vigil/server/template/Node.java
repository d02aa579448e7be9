package dev.vigil.server.template;

import java.util.List;

/** The parse tree, shaped like Go's text/template/parse nodes. {@code pos} is a byte offset. */
sealed interface Node {
  int pos();

  record Text(int pos, String text) implements Node {}

  record ListNode(int pos, List<Node> nodes) implements Node {}

  record Action(int pos, Pipe pipe) implements Node {
    @Override
    public String toString() {
      return "{{" + pipe + "}}";
    }
  }

  /** if, range and with share a shape; elseList may be null. */
  record Branch(int pos, String kind, Pipe pipe, ListNode list, ListNode elseList) implements Node {
    @Override
    public String toString() {
      return "{{" + kind + " " + pipe + "}}";
    }
  }

  record TemplateCall(int pos, String name, Pipe pipe) implements Node {
    @Override
    public String toString() {
      return "{{template " + Fmt.quote(name) + (pipe == null ? "" : " " + pipe) + "}}";
    }
  }

  record Break(int pos) implements Node {
    @Override
    public String toString() {
      return "{{break}}";
    }
  }

  record Continue(int pos) implements Node {
    @Override
    public String toString() {
      return "{{continue}}";
    }
  }

  record Pipe(int pos, boolean isAssign, List<String> decl, List<Command> cmds) implements Node {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      if (!decl.isEmpty()) {
        b.append(String.join(", ", decl)).append(isAssign ? " = " : " := ");
      }
      for (int i = 0; i < cmds.size(); i++) {
        if (i > 0) {
          b.append(" | ");
        }
        b.append(cmds.get(i));
      }
      return b.toString();
    }
  }

  record Command(int pos, List<Node> args) implements Node {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          b.append(' ');
        }
        Node a = args.get(i);
        b.append(a instanceof Pipe ? "(" + a + ")" : a.toString());
      }
      return b.toString();
    }
  }

  record Field(int pos, List<String> idents) implements Node {
    @Override
    public String toString() {
      return "." + String.join(".", idents);
    }
  }

  /** {@code (pipe).A.B} or {@code "lit".A}: fields applied to a term. */
  record Chain(int pos, Node node, List<String> fields) implements Node {
    @Override
    public String toString() {
      String base = node instanceof Pipe ? "(" + node + ")" : node.toString();
      return base + "." + String.join(".", fields);
    }
  }

  record Identifier(int pos, String name) implements Node {
    @Override
    public String toString() {
      return name;
    }
  }

  /** idents.get(0) is the variable name with its {@code $}; the rest are fields. */
  record Variable(int pos, List<String> idents) implements Node {
    @Override
    public String toString() {
      return String.join(".", idents);
    }
  }

  record Dot(int pos) implements Node {
    @Override
    public String toString() {
      return ".";
    }
  }

  record Nil(int pos) implements Node {
    @Override
    public String toString() {
      return "nil";
    }
  }

  record Bool(int pos, boolean value) implements Node {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** value is a Long, Double or (for chars) Long. */
  record Number(int pos, Object value, String text) implements Node {
    @Override
    public String toString() {
      return text;
    }
  }

  record Str(int pos, String quoted, String value) implements Node {
    @Override
    public String toString() {
      return quoted;
    }
  }
}
