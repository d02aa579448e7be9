package dev.vigil.server.promql.parser;

import dev.vigil.server.model.Matcher;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AST as {@code /api/v1/parse_query} returns it: nested maps and lists of plain values,
 * ready for any JSON writer. Offsets and ranges are milliseconds; duration expressions are
 * evaluated as for an instant query (step and range 0).
 */
public final class AstJson {
  private AstJson() {}

  public static Map<String, Object> toMap(Expr e) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (e instanceof AggregateExpr a) {
      m.put("type", "aggregation");
      m.put("op", a.op().toString());
      m.put("expr", toMap(a.expr()));
      m.put("param", a.param() == null ? null : toMap(a.param()));
      m.put("grouping", new ArrayList<>(a.grouping()));
      m.put("without", a.without());
    } else if (e instanceof BinaryExpr x) {
      m.put("type", "binaryExpr");
      m.put("op", x.op().symbol());
      m.put("lhs", toMap(x.lhs()));
      m.put("rhs", toMap(x.rhs()));
      m.put("matching", matching(x.matching()));
      m.put("bool", x.returnBool());
      if (x.fill() != null) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("lhs", x.fill().left());
        f.put("rhs", x.fill().right());
        m.put("fill", f);
      }
    } else if (e instanceof Call c) {
      m.put("type", "call");
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", c.function().name());
      List<Object> types = new ArrayList<>();
      for (ValueType t : c.function().argTypes()) {
        types.add(t.apiName());
      }
      f.put("argTypes", types);
      f.put("variadic", c.function().variadic());
      f.put("returnType", c.function().returnType().apiName());
      m.put("func", f);
      List<Object> args = new ArrayList<>();
      for (Expr arg : c.args()) {
        args.add(toMap(arg));
      }
      m.put("args", args);
    } else if (e instanceof MatrixSelector ms) {
      VectorSelector v = ms.selector();
      m.put("type", "matrixSelector");
      m.put("name", v.name() == null ? "" : v.name());
      m.put("range", ms.range().evaluateMs(0));
      selectorFields(m, v);
    } else if (e instanceof SubqueryExpr s) {
      m.put("type", "subquery");
      m.put("expr", toMap(s.expr()));
      m.put("range", s.range().evaluateMs(0));
      m.put("offset", s.offset() == null ? 0L : s.offset().evaluateMs(0));
      m.put("step", s.step() == null ? 0L : s.step().evaluateMs(0));
      at(m, s.at());
    } else if (e instanceof NumberLiteral n) {
      m.put("type", "numberLiteral");
      m.put("val", formatF(n.value()));
    } else if (e instanceof ParenExpr p) {
      m.put("type", "parenExpr");
      m.put("expr", toMap(p.expr()));
    } else if (e instanceof StringLiteral s) {
      m.put("type", "stringLiteral");
      m.put("val", s.value());
    } else if (e instanceof UnaryExpr u) {
      m.put("type", "unaryExpr");
      m.put("op", String.valueOf(u.op()));
      m.put("expr", toMap(u.expr()));
    } else if (e instanceof VectorSelector v) {
      m.put("type", "vectorSelector");
      m.put("name", v.name() == null ? "" : v.name());
      selectorFields(m, v);
    }
    return m;
  }

  private static void selectorFields(Map<String, Object> m, VectorSelector v) {
    m.put("offset", v.offset() == null ? 0L : v.offset().evaluateMs(0));
    List<Object> matchers = new ArrayList<>();
    for (Matcher x : v.matchers()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("name", x.name());
      mm.put("type", x.type().op());
      mm.put("value", x.value());
      matchers.add(mm);
    }
    m.put("matchers", matchers);
    at(m, v.at());
    if (v.anchored()) {
      m.put("anchored", true);
    }
    if (v.smoothed()) {
      m.put("smoothed", true);
    }
  }

  private static void at(Map<String, Object> m, At at) {
    m.put("timestamp", at.kind() == At.Kind.TIMESTAMP ? at.ms() : null);
    m.put("startOrEnd", at.kind() == At.Kind.START ? "start"
        : at.kind() == At.Kind.END ? "end" : null);
  }

  private static Map<String, Object> matching(VectorMatching vm) {
    if (vm == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("card", switch (vm.card()) {
      case ONE_TO_ONE -> "one-to-one";
      case MANY_TO_ONE -> "many-to-one";
      case ONE_TO_MANY -> "one-to-many";
      case MANY_TO_MANY -> "many-to-many";
    });
    m.put("labels", new ArrayList<>(vm.labels()));
    m.put("on", vm.on());
    m.put("include", new ArrayList<>(vm.include()));
    return m;
  }

  /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
  static String formatF(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
