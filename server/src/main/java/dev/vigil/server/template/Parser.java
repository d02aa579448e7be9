package dev.vigil.server.template;

import dev.vigil.server.template.Lexer.Kind;
import dev.vigil.server.template.Lexer.Token;
import dev.vigil.server.template.Node.ListNode;
import dev.vigil.server.template.Node.Pipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recursive-descent parser following Go's text/template/parse, with its error wording. */
final class Parser {
  /** Bounds nesting of parentheses and control structures, so the parser's stack stays small. */
  private static final int MAX_DEPTH = 1000;

  /** A parsed tree and the text it came from (for error positions). */
  record Tree(String name, String parseName, String text, ListNode root) {
    boolean isEmpty() {
      return isEmpty(root);
    }

    private static boolean isEmpty(Node n) {
      if (n instanceof ListNode l) {
        for (Node c : l.nodes()) {
          if (!isEmpty(c)) {
            return false;
          }
        }
        return true;
      }
      return n instanceof Node.Text t && t.text().isBlank();
    }
  }

  private static final class ParseError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseError(String msg) {
      super(msg, null, false, false);
    }
  }

  private final String name;
  private final String text;
  private final FuncMap funcs;
  private final List<Token> tokens;
  private int next;
  private Token last;
  private final List<String> vars = new ArrayList<>();
  private int rangeDepth;
  private int depth;
  /** Trees in definition order; the root first under {@code name}. */
  private final Map<String, Tree> trees = new LinkedHashMap<>();

  private Parser(String name, String text, FuncMap funcs) {
    this.name = name;
    this.text = text;
    this.funcs = funcs;
    this.tokens = Lexer.lex(text);
  }

  /** Parses {@code text}; the result maps the root (under {@code name}) and each define. */
  static Map<String, Tree> parse(String name, String text, FuncMap funcs) throws TemplateException {
    Parser p = new Parser(name, text, funcs);
    try {
      p.parseTop();
    } catch (ParseError e) {
      throw new TemplateException(e.getMessage());
    } catch (StackOverflowError e) {
      throw new TemplateException("template: " + name + ": max expression depth exceeded");
    }
    return p.trees;
  }

  private void parseTop() {
    List<Node> root = new ArrayList<>();
    vars.clear();
    vars.add("$");
    Map<String, Tree> defs = new LinkedHashMap<>();
    while (peek().kind() != Kind.EOF) {
      if (peek().kind() == Kind.LEFT) {
        int save = next;
        next();
        if (nextNonSpace().kind() == Kind.KEYWORD && last.text().equals("define")) {
          parseDefinition(defs);
          continue;
        }
        next = save;
      }
      root.add(textOrAction());
    }
    trees.put(name, new Tree(name, name, text, new ListNode(0, List.copyOf(root))));
    trees.putAll(blocks);
    trees.putAll(defs);
  }

  private void parseDefinition(Map<String, Tree> defs) {
    String context = "define clause";
    Token t = nextNonSpace();
    String defName = templateName(t, context);
    expect(Kind.RIGHT, context);
    List<String> saved = new ArrayList<>(vars);
    vars.clear();
    vars.add("$");
    ItemList body = itemList();
    if (!(body.end instanceof EndOrElse e) || !e.isEnd) {
      throw error("unexpected " + body.end + " in " + context);
    }
    vars.clear();
    vars.addAll(saved);
    Tree tree = new Tree(defName, name, text, body.list);
    Tree old = defs.get(defName);
    if (old == null || !tree.isEmpty()) {
      defs.put(defName, tree);
    }
  }

  /** Pseudo-node for {{end}} and {{else}} (and {@code else if}/{@code else with}). */
  private record EndOrElse(int pos, boolean isEnd) implements NodeLike {
    @Override
    public String toString() {
      return isEnd ? "{{end}}" : "{{else}}";
    }
  }

  private interface NodeLike {}

  private record ItemList(ListNode list, Object end) {}

  private ItemList itemList() {
    List<Node> nodes = new ArrayList<>();
    int pos = peek().pos();
    while (peekNonSpaceInText().kind() != Kind.EOF) {
      Object n = textOrActionOrEnd();
      if (n instanceof EndOrElse) {
        return new ItemList(new ListNode(pos, List.copyOf(nodes)), n);
      }
      nodes.add((Node) n);
    }
    throw error("unexpected EOF");
  }

  private Token peekNonSpaceInText() {
    return peek();
  }

  private Node textOrAction() {
    Object o = textOrActionOrEnd();
    if (o instanceof EndOrElse e) {
      throw error("unexpected " + e);
    }
    return (Node) o;
  }

  private Object textOrActionOrEnd() {
    Token t = next();
    switch (t.kind()) {
      case TEXT:
        return new Node.Text(t.pos(), t.text());
      case LEFT:
        if (++depth > MAX_DEPTH) {
          throw error("max expression depth exceeded");
        }
        try {
          return action();
        } finally {
          depth--;
        }
      default:
        throw unexpected(t, "input");
    }
  }

  private Object action() {
    Token t = nextNonSpace();
    if (t.kind() == Kind.KEYWORD) {
      switch (t.text()) {
        case "block":
          return blockControl();
        case "break":
        case "continue":
          if (rangeDepth == 0) {
            throw error("{{" + t.text() + "}} outside {{range}}");
          }
          Token r = nextNonSpace();
          if (r.kind() != Kind.RIGHT) {
            throw unexpected(r, "{{" + t.text() + "}}");
          }
          return t.text().equals("break") ? new Node.Break(t.pos()) : new Node.Continue(t.pos());
        case "else":
          Token p = peekNonSpace();
          if (p.kind() == Kind.KEYWORD && (p.text().equals("if") || p.text().equals("with"))) {
            return new EndOrElse(t.pos(), false);
          }
          expect(Kind.RIGHT, "else");
          return new EndOrElse(t.pos(), false);
        case "end":
          expect(Kind.RIGHT, "end");
          return new EndOrElse(t.pos(), true);
        case "if":
          return control("if", t.pos(), true);
        case "range":
          return control("range", t.pos(), false);
        case "with":
          return control("with", t.pos(), true);
        case "template":
          return templateControl(t.pos());
        default:
          break; // define here is an error, reported by pipeline
      }
    }
    back();
    int pos = peek().pos();
    return new Node.Action(pos, pipeline("command", Kind.RIGHT));
  }

  private Node control(String kind, int pos, boolean allowElseChain) {
    int mark = vars.size();
    try {
      Pipe pipe = pipeline(kind, Kind.RIGHT);
      if (kind.equals("range")) {
        rangeDepth++;
      }
      ItemList body = itemList();
      if (kind.equals("range")) {
        rangeDepth--;
      }
      ListNode elseList = null;
      EndOrElse end = (EndOrElse) body.end;
      if (!end.isEnd) {
        Token p = peekNonSpace();
        if (allowElseChain && p.kind() == Kind.KEYWORD
            && (p.text().equals("if") || p.text().equals(kind))) {
          // "else if" / "else with": a nested control that shares our {{end}}.
          Token kw = nextNonSpace();
          Node nested = control(kw.text(), kw.pos(), true);
          elseList = new ListNode(end.pos(), List.of(nested));
        } else {
          ItemList el = itemList();
          if (!(el.end instanceof EndOrElse e2) || !e2.isEnd) {
            throw error("expected end; found " + el.end);
          }
          elseList = el.list;
        }
      }
      return new Node.Branch(pipe.pos(), kind, pipe, body.list, elseList);
    } finally {
      while (vars.size() > mark) {
        vars.remove(vars.size() - 1);
      }
    }
  }

  private Node templateControl(int pos) {
    String context = "template clause";
    Token nameToken = nextNonSpace();
    String tname = templateName(nameToken, context);
    pos = nameToken.pos();
    Pipe pipe = null;
    if (nextNonSpace().kind() != Kind.RIGHT) {
      back();
      pipe = pipeline(context, Kind.RIGHT);
    }
    return new Node.TemplateCall(pos, tname, pipe);
  }

  /** {@code {{block "name" pipeline}} body {{end}}}: a define plus a template call. */
  private Node blockControl() {
    String context = "block clause";
    Token t = nextNonSpace();
    String bname = templateName(t, context);
    Pipe pipe = pipeline(context, Kind.RIGHT);
    List<String> saved = new ArrayList<>(vars);
    vars.clear();
    vars.add("$");
    int savedRange = rangeDepth;
    rangeDepth = 0; // the body is its own template: break/continue cannot reach an outer range
    ItemList body = itemList();
    rangeDepth = savedRange;
    vars.clear();
    vars.addAll(saved);
    if (!(body.end instanceof EndOrElse e) || !e.isEnd) {
      throw error("unexpected " + body.end + " in " + context);
    }
    blocks.put(bname, new Tree(bname, name, text, body.list));
    return new Node.TemplateCall(t.pos(), bname, pipe);
  }

  /** Templates defined by {{block}}; added after the parse like defines. */
  private final Map<String, Tree> blocks = new LinkedHashMap<>();

  Map<String, Tree> blocks() {
    return blocks;
  }

  private String templateName(Token t, String context) {
    if (t.kind() == Kind.STRING || t.kind() == Kind.RAW) {
      return unquote(t);
    }
    throw unexpected(t, context);
  }

  private Pipe pipeline(String context, Kind end) {
    if (++depth > MAX_DEPTH) {
      throw error("max expression depth exceeded");
    }
    try {
      return pipeline0(context, end);
    } finally {
      depth--;
    }
  }

  private Pipe pipeline0(String context, Kind end) {
    int pos = peekNonSpace().pos();
    boolean isAssign = false;
    List<String> decl = new ArrayList<>();
    while (peekNonSpace().kind() == Kind.VARIABLE) {
      int save = next;
      Token v = nextNonSpace();
      Token n = peekNonSpace();
      if (n.kind() == Kind.ASSIGN || n.kind() == Kind.DECLARE) {
        isAssign = n.kind() == Kind.ASSIGN;
        nextNonSpace();
        if (isAssign && !vars.contains(v.text())) {
          throw error("undefined variable \"" + v.text() + "\"");
        }
        decl.add(v.text());
        vars.add(v.text());
        break;
      } else if (n.kind() == Kind.CHAR_ITEM && n.text().equals(",")) {
        nextNonSpace();
        decl.add(v.text());
        vars.add(v.text());
        if (context.equals("range") && decl.size() < 2) {
          Token p = peekNonSpace();
          if (p.kind() == Kind.VARIABLE || p.kind() == Kind.RIGHT || p.kind() == Kind.RPAREN) {
            continue;
          }
          throw error("range can only initialize variables");
        }
        throw error("too many declarations in " + context);
      } else {
        next = save;
        break;
      }
    }
    List<Node.Command> cmds = new ArrayList<>();
    while (true) {
      Token t = nextNonSpace();
      if (t.kind() == end) {
        if (cmds.isEmpty()) {
          throw error("missing value for " + context);
        }
        for (int i = 1; i < cmds.size(); i++) {
          Node first = cmds.get(i).args().get(0);
          if (first instanceof Node.Bool || first instanceof Node.Dot || first instanceof Node.Nil
              || first instanceof Node.Number || first instanceof Node.Str) {
            throw error("non executable command in pipeline stage " + (i + 1));
          }
        }
        return new Pipe(pos, isAssign, List.copyOf(decl), List.copyOf(cmds));
      }
      switch (t.kind()) {
        case BOOL, CHAR, DOT, FIELD, IDENT, NUMBER, NIL, RAW, STRING, VARIABLE, LPAREN -> {
          back();
          cmds.add(command());
        }
        default -> throw unexpected(t, context);
      }
    }
  }

  private Node.Command command() {
    List<Node> args = new ArrayList<>();
    int pos = peekNonSpace().pos();
    while (true) {
      peekNonSpace();
      Node operand = operand();
      if (operand != null) {
        args.add(operand);
      }
      Token t = next();
      if (t.kind() == Kind.SPACE) {
        continue;
      }
      if (t.kind() == Kind.RIGHT || t.kind() == Kind.RPAREN) {
        back();
      } else if (t.kind() != Kind.PIPE) {
        throw unexpected(t, "operand");
      }
      break;
    }
    if (args.isEmpty()) {
      throw error("empty command");
    }
    return new Node.Command(pos, List.copyOf(args));
  }

  private Node operand() {
    Node node = term();
    if (node == null) {
      return null;
    }
    if (peek().kind() == Kind.FIELD) {
      int pos = peek().pos();
      List<String> fields = new ArrayList<>();
      while (peek().kind() == Kind.FIELD) {
        fields.add(next().text().substring(1));
      }
      if (node instanceof Node.Field f) {
        List<String> all = new ArrayList<>(f.idents());
        all.addAll(fields);
        return new Node.Field(pos, List.copyOf(all));
      } else if (node instanceof Node.Variable v) {
        List<String> all = new ArrayList<>(v.idents());
        all.addAll(fields);
        return new Node.Variable(pos, List.copyOf(all));
      } else if (node instanceof Node.Bool || node instanceof Node.Str
          || node instanceof Node.Number || node instanceof Node.Nil || node instanceof Node.Dot) {
        throw error("unexpected . after term " + Fmt.quote(node.toString()));
      }
      return new Node.Chain(pos, node, List.copyOf(fields));
    }
    return node;
  }

  private Node term() {
    Token t = nextNonSpace();
    switch (t.kind()) {
      case IDENT:
        if (!funcs.has(t.text())) {
          throw error("function \"" + t.text() + "\" not defined");
        }
        return new Node.Identifier(t.pos(), t.text());
      case DOT:
        return new Node.Dot(t.pos());
      case NIL:
        return new Node.Nil(t.pos());
      case VARIABLE:
        if (!vars.contains(t.text())) {
          throw error("undefined variable \"" + t.text() + "\"");
        }
        return new Node.Variable(t.pos(), List.of(t.text()));
      case FIELD:
        return new Node.Field(t.pos(), List.of(t.text().substring(1)));
      case BOOL:
        return new Node.Bool(t.pos(), t.text().equals("true"));
      case CHAR:
      case NUMBER:
        return number(t);
      case LPAREN:
        return pipeline("parenthesized pipeline", Kind.RPAREN);
      case STRING:
      case RAW:
        return new Node.Str(t.pos(), t.text(), unquote(t));
      default:
        back();
        return null;
    }
  }

  private Node number(Token t) {
    String s = t.text();
    if (t.kind() == Kind.CHAR) {
      String v = unquote(t);
      if (v.codePointCount(0, v.length()) != 1) {
        throw error("malformed character constant: " + s);
      }
      return new Node.Number(t.pos(), (long) v.codePointAt(0), s);
    }
    Object v = GoNumbers.parseLiteral(s);
    if (v == null) {
      throw error("illegal number syntax: " + Fmt.quote(s));
    }
    return new Node.Number(t.pos(), v, s);
  }

  private String unquote(Token t) {
    String s = t.text();
    if (t.kind() == Kind.RAW) {
      return s.substring(1, s.length() - 1).replace("\r", "");
    }
    String v = GoNumbers.unquote(s);
    if (v == null) {
      throw error("invalid syntax");
    }
    return v;
  }

  // --- token stream ---

  private Token next() {
    Token t = tokens.get(Math.min(next, tokens.size() - 1));
    if (next < tokens.size()) {
      next++;
    }
    last = t;
    if (t.kind() == Kind.ERROR) {
      throw error(t.text());
    }
    return t;
  }

  private void back() {
    next--;
  }

  private Token peek() {
    Token t = tokens.get(Math.min(next, tokens.size() - 1));
    if (t.kind() == Kind.ERROR) {
      last = t;
      throw error(t.text());
    }
    return t;
  }

  private Token nextNonSpace() {
    Token t;
    do {
      t = next();
    } while (t.kind() == Kind.SPACE);
    return t;
  }

  private Token peekNonSpace() {
    Token t = nextNonSpace();
    back();
    return t;
  }

  private void expect(Kind k, String context) {
    Token t = nextNonSpace();
    if (t.kind() != k) {
      throw unexpected(t, context);
    }
  }

  private ParseError unexpected(Token t, String context) {
    return error("unexpected " + t + " in " + context);
  }

  private ParseError error(String msg) {
    int pos = last == null ? 0 : Math.min(last.pos(), text.length());
    return new ParseError("template: " + name + ":" + lineOf(text, pos) + ": " + msg);
  }

  static int lineOf(String text, int pos) {
    int line = 1;
    for (int i = 0; i < pos && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
