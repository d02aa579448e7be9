package dev.vigil.server.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one API request, read as Go's {@code Request.Form} reads them: values of an
 * {@code application/x-www-form-urlencoded} body first, then those of the URL, so GET and POST
 * take the same parameters and a repeated one ({@code match[]}) collects both.
 */
public final class ApiRequest {
  private static final FormParserFactory FORMS = FormParserFactory.builder(false)
      .addParsers(new io.undertow.server.handlers.form.FormEncodedDataDefinition()
          .setDefaultEncoding(StandardCharsets.UTF_8.name()))
      .build();

  private final HttpServerExchange exchange;
  private final FormData body;

  private ApiRequest(HttpServerExchange exchange, FormData body) {
    this.exchange = exchange;
    this.body = body;
  }

  /** Reads the form body, if any; must run off the IO thread (blocking read). */
  static ApiRequest read(HttpServerExchange ex) throws IOException {
    FormDataParser parser = FORMS.createParser(ex);
    FormData body = null;
    if (parser != null) {
      try (parser) {
        body = parser.parseBlocking();
      }
    }
    return new ApiRequest(ex, body);
  }

  /** Every value of {@code name}: body values first, then URL values. */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>();
    if (body != null && body.contains(name)) {
      for (FormData.FormValue v : body.get(name)) {
        if (!v.isFileItem()) {
          out.add(v.getValue());
        }
      }
    }
    Deque<String> q = exchange.getQueryParameters().get(name);
    if (q != null) {
      out.addAll(q);
    }
    return out;
  }

  /** The first value of {@code name}, or "" when absent (as Go's {@code FormValue}). */
  public String get(String name) {
    if (body != null) {
      FormData.FormValue v = body.getFirst(name);
      if (v != null && !v.isFileItem()) {
        return v.getValue();
      }
    }
    Deque<String> q = exchange.getQueryParameters().get(name);
    return q == null || q.isEmpty() ? "" : q.peekFirst();
  }

  /** A {@code {name}} segment of the route's path template, or "" when there is none. */
  public String pathParam(String name) {
    PathTemplateMatch m = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    if (m == null) {
      return "";
    }
    Map<String, String> p = m.getParameters();
    String v = p.get(name);
    return v == null ? "" : v;
  }
}
