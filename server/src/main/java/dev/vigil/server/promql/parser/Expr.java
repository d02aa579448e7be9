package dev.vigil.server.promql.parser;

/**
 * A node of a parsed PromQL expression. Nodes are immutable; {@code toString()} gives the
 * canonical one-line form (see {@link Printer}). Equality of records includes positions, so
 * compare printed forms or {@link AstJson} maps to test structural equality.
 */
public sealed interface Expr
    permits NumberLiteral, StringLiteral, ParenExpr, UnaryExpr, VectorSelector, MatrixSelector,
        SubqueryExpr, BinaryExpr, AggregateExpr, Call {

  /** The type the expression evaluates to. */
  ValueType type();

  /** Where the expression is in the query. */
  PosRange pos();
}
