/**
 * PromQL parsing: {@link dev.vigil.server.promql.parser.PromQL#parse} turns a query into an
 * immutable, type-checked {@link dev.vigil.server.promql.parser.Expr} tree.
 *
 * <p>Layout: {@code Lexer} (tokens) → {@code Parser} (recursive descent, precedence climbing),
 * with {@code Postfix} (ranges, subqueries, offset, {@code @}), {@code Aggregations} and
 * {@code TypeChecker} (Prometheus's type rules). {@link dev.vigil.server.promql.parser.Printer}
 * gives the canonical one-line form and the {@code format_query} pretty form;
 * {@link dev.vigil.server.promql.parser.AstJson} the {@code /api/v1/parse_query} shape.
 *
 * <p>Contract for evaluators: offsets, ranges and subquery steps are
 * {@link dev.vigil.server.promql.parser.Duration}s to evaluate with the query's step (they may
 * be expressions such as {@code max_of(step(), 5s)}); a null offset means none and a null
 * subquery step means the default evaluation interval. Positions are character offsets.
 */
package dev.vigil.server.promql.parser;
