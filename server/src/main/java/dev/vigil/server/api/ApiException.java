package dev.vigil.server.api;

/**
 * A request the API refuses, with Prometheus's error type; the handler turns it into
 * {@code {"status":"error","errorType":...,"error":...}} with the type's HTTP status.
 */
public final class ApiException extends Exception {
  /** Prometheus's error types and the HTTP status each answers with. */
  public enum Type {
    TIMEOUT("timeout", 503),
    CANCELED("canceled", 503),
    EXECUTION("execution", 422),
    BAD_DATA("bad_data", 400),
    INTERNAL("internal", 500),
    UNAVAILABLE("unavailable", 503),
    NOT_FOUND("not_found", 404);

    private final String json;
    private final int status;

    Type(String json, int status) {
      this.json = json;
      this.status = status;
    }

    /** The {@code errorType} string. */
    public String json() {
      return json;
    }

    public int status() {
      return status;
    }
  }

  private final Type type;

  public ApiException(Type type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public static ApiException badData(String message) {
    return new ApiException(Type.BAD_DATA, message);
  }

  /** {@code invalid parameter "name": message}, as Prometheus words a bad parameter. */
  public static ApiException invalidParam(String name, String message) {
    return badData("invalid parameter \"" + name + "\": " + message);
  }

  public Type type() {
    return type;
  }
}
