package dev.vigil.server.promql.engine;

/**
 * A query that could not run or finish. {@link #errorType()} is the HTTP API's {@code errorType}:
 * {@code bad_data} (the query or its parameters are wrong, HTTP 400), {@code timeout} (503),
 * {@code canceled} (503), {@code execution} (the query ran into a limit or an evaluation error, 422).
 */
public class QueryException extends RuntimeException {
  private final String errorType;

  public QueryException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  public QueryException(String errorType, String message, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
  }

  public String errorType() {
    return errorType;
  }

  public static QueryException badData(String message) {
    return new QueryException("bad_data", message);
  }

  public static QueryException timeout(String message) {
    return new QueryException("timeout", message);
  }

  public static QueryException execution(String message) {
    return new QueryException("execution", message);
  }
}
