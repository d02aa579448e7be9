package dev.vigil.server.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Refuses request bodies over a limit: a declared length with 413 and a message, a chunked body
 * by ending the read where it passes the limit. Handlers that need another limit (remote write,
 * the alert API) set their own with {@code setMaxEntitySize} before reading.
 */
final class BodyLimitHandler implements HttpHandler {
  private final long limit;
  private final HttpHandler next;

  BodyLimitHandler(long limit, HttpHandler next) {
    this.limit = limit;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    if (ex.getRequestContentLength() > limit) {
      ex.setPersistent(false);
      WebServer.send(ex, 413, "text/plain; charset=utf-8",
          "request body larger than " + limit + " bytes\n");
      return;
    }
    ex.setMaxEntitySize(limit);
    next.handleRequest(ex);
  }
}
