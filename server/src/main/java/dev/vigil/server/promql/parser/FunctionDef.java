package dev.vigil.server.promql.parser;

import java.util.List;

/**
 * A PromQL function's signature. {@code variadic}: 0 = exactly {@code argTypes.size()} arguments,
 * n &gt; 0 = up to n optional trailing arguments of the last type, -1 = any number of them.
 * Experimental functions are behind Prometheus's promql-experimental-functions flag.
 */
public record FunctionDef(
    String name, List<ValueType> argTypes, int variadic, ValueType returnType,
    boolean experimental) {

  public FunctionDef {
    argTypes = List.copyOf(argTypes);
  }

  /** Minimum number of arguments. */
  public int minArgs() {
    return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
  }

  /** Maximum number of arguments, or -1 for no limit. */
  public int maxArgs() {
    if (variadic < 0) {
      return -1;
    }
    return variadic == 0 ? argTypes.size() : argTypes.size() - 1 + variadic;
  }

  /** The expected type of argument {@code i}; trailing variadic ones repeat the last type. */
  public ValueType argType(int i) {
    return argTypes.get(Math.min(i, argTypes.size() - 1));
  }
}
