package dev.vigil.server.template;

import dev.vigil.server.model.Labels;
import dev.vigil.server.template.Node.ListNode;
import dev.vigil.server.template.Node.Pipe;
import dev.vigil.server.template.Parser.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One execution of a template: the state of Go's exec.go (variables, dot, output). */
final class Exec {
  /** Nested {{template}} calls allowed; Go allows 100000, a Java stack does not. */
  static final int MAX_DEPTH = 10_000;
  /** Output cap so a template cannot exhaust memory. */
  static final int MAX_OUTPUT = 1 << 20;
  /** Nodes walked before giving up, so nested ranges over large data cannot run for ever. */
  static final long MAX_STEPS = 100_000_000L;

  private static final int NORMAL = 0;
  private static final int BREAK = 1;
  private static final int CONTINUE = 2;

  private static final class ExecError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExecError(String msg, Throwable cause) {
      super(msg, cause, false, false);
    }
  }

  private final Map<String, Tree> trees;
  private final FuncMap funcs;
  private final boolean missingZero;
  private StringBuilder out = new StringBuilder();
  private long steps;

  // Per-template-call state, saved and restored around {{template}}.
  private Tree tree;
  private List<String> varNames = new ArrayList<>();
  private List<Object> varValues = new ArrayList<>();
  private int depth;
  private Node at;

  Exec(Map<String, Tree> trees, FuncMap funcs, boolean missingZero) {
    this.trees = trees;
    this.funcs = funcs;
    this.missingZero = missingZero;
  }

  String run(Tree t, Object data) throws TemplateException {
    tree = t;
    varNames.add("$");
    varValues.add(data);
    try {
      walk(data, t.root());
    } catch (ExecError e) {
      throw new TemplateException(e.getMessage(), e.getCause());
    } catch (StackOverflowError e) {
      throw new TemplateException("template: " + t.name() + ": exceeded maximum template depth ("
          + MAX_DEPTH + ")");
    }
    return out.toString();
  }

  // --- errors ---

  private ExecError error(String msg) {
    return error(msg, null);
  }

  private ExecError error(String msg, Throwable cause) {
    String loc = tree.parseName();
    if (at != null) {
      String text = tree.text();
      int pos = Math.min(at.pos(), text.length());
      int lineStart = text.lastIndexOf('\n', pos - 1) + 1;
      loc = tree.parseName() + ":" + Parser.lineOf(text, pos) + ":"
          + Values.utf8Length(text.substring(lineStart, pos));
      String ctx = at.toString();
      if (ctx.length() > 20) {
        ctx = ctx.substring(0, 20) + "...";
      }
      return new ExecError("template: " + loc + ": executing \"" + tree.name() + "\" at <" + ctx
          + ">: " + msg, cause);
    }
    return new ExecError("template: " + loc + ": executing \"" + tree.name() + "\": " + msg, cause);
  }

  // --- walking ---

  private void step() {
    if (++steps > MAX_STEPS) {
      throw error("template execution exceeded " + MAX_STEPS + " steps");
    }
  }

  private int walk(Object dot, Node node) {
    step();
    if (node instanceof Node.Text t) {
      write(t.text());
      return NORMAL;
    } else if (node instanceof ListNode l) {
      for (Node n : l.nodes()) {
        int r = walk(dot, n);
        if (r != NORMAL) {
          return r;
        }
      }
      return NORMAL;
    } else if (node instanceof Node.Action a) {
      at = a;
      Object v = evalPipeline(dot, a.pipe());
      if (a.pipe().decl().isEmpty()) {
        printValue(a, v);
      }
      return NORMAL;
    } else if (node instanceof Node.Branch b) {
      return b.kind().equals("range") ? walkRange(dot, b) : walkIfOrWith(dot, b);
    } else if (node instanceof Node.TemplateCall t) {
      walkTemplate(dot, t);
      return NORMAL;
    } else if (node instanceof Node.Break) {
      return BREAK;
    } else if (node instanceof Node.Continue) {
      return CONTINUE;
    }
    throw error("unknown node: " + node);
  }

  private void write(String s) {
    if (out.length() + s.length() > MAX_OUTPUT) {
      throw error("template output exceeds " + MAX_OUTPUT + " bytes");
    }
    out.append(s);
  }

  private void printValue(Node n, Object v) {
    at = n;
    if (v == null || v == Values.NO_VALUE) {
      write("<no value>");
    } else if (v instanceof String s) {
      write(s);
    } else if (v instanceof TemplateFunction) {
      throw error("can't print " + n + " of type " + Fmt.typeName(v));
    } else {
      write(Fmt.formatV(v));
    }
  }

  private int walkIfOrWith(Object dot, Node.Branch b) {
    int mark = varNames.size();
    try {
      Object val = evalPipeline(dot, b.pipe());
      boolean truth = Values.isTrue(val);
      if (truth) {
        return walk(b.kind().equals("with") ? val : dot, b.list());
      } else if (b.elseList() != null) {
        return walk(dot, b.elseList());
      }
      return NORMAL;
    } finally {
      pop(mark);
    }
  }

  private int walkRange(Object dot, Node.Branch r) {
    at = r;
    int mark0 = varNames.size();
    try {
      Object val = evalPipeline(dot, r.pipe());
      int mark = varNames.size();
      List<?> list = Fmt.asList(val);
      boolean any = false;
      if (list != null) {
        for (int i = 0; i < list.size(); i++) {
          any = true;
          if (oneIteration(r, (long) i, list.get(i), mark) == BREAK) {
            break;
          }
        }
      } else if (val instanceof Labels l) {
        for (int i = 0; i < l.size(); i++) {
          any = true;
          if (oneIteration(r, l.name(i), l.value(i), mark) == BREAK) {
            break;
          }
        }
      } else if (val instanceof Map<?, ?> m) {
        for (Object k : Values.sortedKeys(m)) {
          any = true;
          if (oneIteration(r, k, m.get(k), mark) == BREAK) {
            break;
          }
        }
      } else if (val != null && val != Values.NO_VALUE) {
        at = r;
        throw error("range can't iterate over " + Fmt.formatV(val));
      }
      if (!any && r.elseList() != null) {
        return walk(dot, r.elseList());
      }
      return NORMAL;
    } finally {
      pop(mark0);
    }
  }

  private int oneIteration(Node.Branch r, Object index, Object elem, int mark) {
    List<String> decl = r.pipe().decl();
    if (!decl.isEmpty()) {
      if (r.pipe().isAssign()) {
        setVar(decl.get(0), decl.size() > 1 ? index : elem);
        if (decl.size() > 1) {
          setVar(decl.get(1), elem);
        }
      } else {
        varValues.set(varValues.size() - 1, elem);
        if (decl.size() > 1) {
          varValues.set(varValues.size() - 2, index);
        }
      }
    }
    try {
      int res = walk(elem, r.list());
      return res == BREAK ? BREAK : NORMAL;
    } finally {
      pop(mark);
    }
  }

  /** {@code tmpl name data}: runs a template into a string (Prometheus console helper). */
  private Object callTmpl(List<Object> argv) {
    if (argv.size() != 2) {
      throw error("wrong number of args for tmpl: want 2 got " + argv.size());
    }
    if (!(argv.get(0) instanceof String name)) {
      throw error("error calling tmpl: wrong type for value; expected string; got "
          + Fmt.typeName(argv.get(0)));
    }
    Tree target = trees.get(name);
    if (target == null) {
      throw error("error calling tmpl: template: no template \"" + name
          + "\" associated with template \"" + tree.name() + "\"");
    }
    StringBuilder saved = out;
    out = new StringBuilder();
    try {
      callTree(target, argv.get(1));
      return out.toString();
    } finally {
      int total = saved.length() + out.length();
      out = saved;
      if (total > MAX_OUTPUT) {
        throw error("template output exceeds " + MAX_OUTPUT + " bytes");
      }
    }
  }

  private void walkTemplate(Object dot, Node.TemplateCall t) {
    at = t;
    Tree target = trees.get(t.name());
    if (target == null) {
      throw error("template: no template \"" + t.name() + "\" associated with template \""
          + tree.name() + "\"");
    }
    Object newDot = t.pipe() == null ? null : evalPipeline(dot, t.pipe());
    callTree(target, newDot);
  }

  private void callTree(Tree target, Object newDot) {
    if (depth >= MAX_DEPTH) {
      throw error("exceeded maximum template depth (" + MAX_DEPTH + ")");
    }
    if (newDot == Values.NO_VALUE) {
      newDot = null;
    }
    Tree savedTree = tree;
    List<String> savedNames = varNames;
    List<Object> savedValues = varValues;
    tree = target;
    varNames = new ArrayList<>();
    varValues = new ArrayList<>();
    varNames.add("$");
    varValues.add(newDot);
    depth++;
    try {
      walk(newDot, target.root());
    } finally {
      depth--;
      tree = savedTree;
      varNames = savedNames;
      varValues = savedValues;
    }
  }

  // --- variables ---

  private void pop(int mark) {
    while (varNames.size() > mark) {
      varNames.remove(varNames.size() - 1);
      varValues.remove(varValues.size() - 1);
    }
  }

  private void setVar(String name, Object value) {
    for (int i = varNames.size() - 1; i >= 0; i--) {
      if (varNames.get(i).equals(name)) {
        varValues.set(i, value);
        return;
      }
    }
    throw error("undefined variable: " + name);
  }

  private Object varValue(String name) {
    for (int i = varNames.size() - 1; i >= 0; i--) {
      if (varNames.get(i).equals(name)) {
        return varValues.get(i);
      }
    }
    throw error("undefined variable: " + name);
  }

  // --- evaluation ---

  /** Marks "no final value" (Go's missingVal) for the first command of a pipeline. */
  private static final Object NO_FINAL = new Object();

  private Object evalPipeline(Object dot, Pipe pipe) {
    at = pipe;
    Object value = NO_FINAL;
    for (Node.Command c : pipe.cmds()) {
      value = evalCommand(dot, c, value);
    }
    if (value == null) {
      value = Values.NO_VALUE; // Go: a nil interface result becomes an invalid value
    }
    for (String v : pipe.decl()) {
      if (pipe.isAssign()) {
        setVar(v, value);
      } else {
        varNames.add(v);
        varValues.add(value);
      }
    }
    return value;
  }

  private Object evalCommand(Object dot, Node.Command cmd, Object fin) {
    Node first = cmd.args().get(0);
    if (first instanceof Node.Field f) {
      return evalFieldChain(dot, dot, f, f.idents(), cmd.args(), fin);
    } else if (first instanceof Node.Chain c) {
      return evalChain(dot, c, cmd.args(), fin);
    } else if (first instanceof Node.Identifier id) {
      return evalFunction(dot, id, cmd, cmd.args(), fin);
    } else if (first instanceof Node.Variable v) {
      return evalVariable(dot, v, cmd.args(), fin);
    }
    at = first;
    notAFunction(cmd.args(), fin);
    if (first instanceof Pipe p) {
      return evalPipeline(dot, p);
    } else if (first instanceof Node.Bool b) {
      return b.value();
    } else if (first instanceof Node.Dot) {
      return dot;
    } else if (first instanceof Node.Nil) {
      throw error("nil is not a command");
    } else if (first instanceof Node.Number n) {
      return n.value();
    } else if (first instanceof Node.Str s) {
      return s.value();
    }
    throw error("can't evaluate command " + first);
  }

  private void notAFunction(List<Node> args, Object fin) {
    if (args.size() > 1 || fin != NO_FINAL) {
      throw error("can't give argument to non-function " + args.get(0));
    }
  }

  private Object evalChain(Object dot, Node.Chain chain, List<Node> args, Object fin) {
    if (chain.node() instanceof Node.Nil) {
      throw error("indirection through explicit nil in " + chain);
    }
    Object pipe = evalArg(dot, chain.node());
    return evalFieldChain(dot, pipe, chain, chain.fields(), args, fin);
  }

  private Object evalVariable(Object dot, Node.Variable v, List<Node> args, Object fin) {
    at = v;
    Object value = varValue(v.idents().get(0));
    if (v.idents().size() == 1) {
      notAFunction(args, fin);
      return value;
    }
    return evalFieldChain(dot, value, v, v.idents().subList(1, v.idents().size()), args, fin);
  }

  private Object evalFieldChain(Object dot, Object receiver, Node node, List<String> idents,
      List<Node> args, Object fin) {
    at = node;
    int n = idents.size();
    for (int i = 0; i < n - 1; i++) {
      receiver = evalField(dot, idents.get(i), node, null, NO_FINAL, receiver);
    }
    return evalField(dot, idents.get(n - 1), node, args, fin, receiver);
  }

  private Object evalField(Object dot, String name, Node node, List<Node> args, Object fin,
      Object receiver) {
    boolean hasArgs = (args != null && args.size() > 1) || fin != NO_FINAL;
    if (receiver == Values.NO_VALUE) {
      return Values.NO_VALUE;
    }
    if (receiver == null) {
      throw error("nil pointer evaluating interface {}." + name);
    }
    if (receiver instanceof TemplateObject o) {
      List<Object> argv = new ArrayList<>();
      if (args != null) {
        for (Node a : args.subList(1, args.size())) {
          argv.add(evalArg(dot, a));
        }
      }
      if (fin != NO_FINAL) {
        argv.add(fin == Values.NO_VALUE ? null : fin);
      }
      at = node;
      Object r;
      try {
        r = o.field(name, argv);
      } catch (TemplateException e) {
        at = node;
        throw error("error calling " + name + ": " + e.getMessage(), e);
      } catch (WrongArgs e) {
        at = node;
        throw error(e.getMessage());
      } catch (RuntimeException e) {
        at = node;
        throw error("error calling " + name + ": " + e, e);
      }
      if (r == TemplateObject.MISSING && Values.isMapLike(receiver)) {
        // A map type with methods (Alertmanager's KV): methods first, then keys, as in Go.
        if (hasArgs) {
          at = node;
          throw error(name + " is not a method but has arguments");
        }
        return Values.mapGet(receiver, name, missingZero);
      }
      if (r == TemplateObject.MISSING) {
        at = node;
        throw error("can't evaluate field " + name + " in type " + o.typeName());
      }
      return r;
    }
    if (Values.isMapLike(receiver)) {
      if (hasArgs) {
        at = node;
        throw error(name + " is not a method but has arguments");
      }
      return Values.mapGet(receiver, name, missingZero);
    }
    at = node;
    throw error("can't evaluate field " + name + " in type " + Fmt.typeName(receiver));
  }

  private Object evalFunction(Object dot, Node.Identifier id, Node cmd, List<Node> args,
      Object fin) {
    at = id;
    TemplateFunction f = funcs.get(id.name());
    if (f == null) {
      throw error("\"" + id.name() + "\" is not a defined function");
    }
    List<Node> argNodes = args == null ? List.of() : args.subList(1, args.size());
    if (f == Builtins.AND || f == Builtins.OR) {
      boolean isAnd = f == Builtins.AND;
      int total = argNodes.size() + (fin != NO_FINAL ? 1 : 0);
      if (total < 1) {
        throw error("wrong number of args for " + id.name() + ": want at least 1 got 0");
      }
      Object v = null;
      for (int i = 0; i < total; i++) {
        v = i < argNodes.size() ? evalArg(dot, argNodes.get(i)) : unwrapFinal(fin);
        if (Values.isTrue(v) != isAnd) {
          return v;
        }
      }
      return v;
    }
    List<Object> argv = new ArrayList<>(argNodes.size() + 1);
    for (Node a : argNodes) {
      argv.add(evalArg(dot, a));
    }
    if (fin != NO_FINAL) {
      argv.add(unwrapFinal(fin));
    }
    if (f == Builtins.TMPL) {
      at = cmd;
      return callTmpl(argv);
    }
    try {
      return f.apply(argv);
    } catch (WrongArgs e) {
      at = id;
      throw error(e.getMessage());
    } catch (TemplateException e) {
      at = cmd;
      throw error("error calling " + id.name() + ": " + e.getMessage(), e);
    } catch (ExecError e) {
      throw e;
    } catch (StackOverflowError e) {
      throw e;
    } catch (RuntimeException e) {
      at = cmd;
      throw error("error calling " + id.name() + ": " + e, e);
    }
  }

  private static Object unwrapFinal(Object fin) {
    return fin == Values.NO_VALUE ? null : fin;
  }

  private Object evalArg(Object dot, Node n) {
    at = n;
    Object v;
    if (n instanceof Node.Dot) {
      v = dot;
    } else if (n instanceof Node.Nil) {
      v = null;
    } else if (n instanceof Node.Field f) {
      v = evalFieldChain(dot, dot, f, f.idents(), List.of(n), NO_FINAL);
    } else if (n instanceof Node.Variable var) {
      v = evalVariable(dot, var, List.of(n), NO_FINAL);
    } else if (n instanceof Pipe p) {
      v = evalPipeline(dot, p);
    } else if (n instanceof Node.Identifier id) {
      v = evalFunction(dot, id, id, List.of(n), NO_FINAL);
    } else if (n instanceof Node.Chain c) {
      v = evalChain(dot, c, List.of(n), NO_FINAL);
    } else if (n instanceof Node.Bool b) {
      v = b.value();
    } else if (n instanceof Node.Number num) {
      v = num.value();
    } else if (n instanceof Node.Str s) {
      v = s.value();
    } else {
      throw error("can't handle " + n + " for arg");
    }
    return v == Values.NO_VALUE ? null : v;
  }
}
