package dev.vigil.server.promql.parser;

/** The type an expression evaluates to. */
public enum ValueType {
  SCALAR("scalar", "scalar"),
  STRING("string", "string"),
  VECTOR("instant vector", "vector"),
  MATRIX("range vector", "matrix");

  private final String docName;
  private final String apiName;

  ValueType(String docName, String apiName) {
    this.docName = docName;
    this.apiName = apiName;
  }

  /** The name used in error messages, as the documentation writes it ("instant vector"). */
  public String docName() {
    return docName;
  }

  /** The name the HTTP API uses in {@code resultType} ("vector"). */
  public String apiName() {
    return apiName;
  }
}
