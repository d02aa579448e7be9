package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * A successful answer: the {@code data} part, written straight to the response by a
 * {@link Data} callback (computed before writing starts, so a failure never leaves half a
 * body), and the warnings and infos that travel next to it. {@code noContent} answers 204 with
 * no body, as Prometheus's admin endpoints do.
 */
public record ApiResponse(Data data, List<String> warnings, List<String> infos,
    boolean noContent) {

  /** Writes one JSON value: the envelope's {@code data}. */
  @FunctionalInterface
  public interface Data {
    void write(JsonGenerator g) throws IOException;
  }

  public static ApiResponse of(Data data) {
    return new ApiResponse(data, List.of(), List.of(), false);
  }

  public static ApiResponse of(Data data, List<String> warnings) {
    return new ApiResponse(data, warnings, List.of(), false);
  }

  public static ApiResponse empty() {
    return new ApiResponse(null, List.of(), List.of(), true);
  }

  /** A JSON array of strings. */
  public static ApiResponse strings(List<String> values, List<String> warnings) {
    return of(g -> {
      g.writeStartArray();
      for (String s : values) {
        g.writeString(s);
      }
      g.writeEndArray();
    }, warnings);
  }
}
