package dev.vigil.agent.instrumentation.undertow;

import dev.vigil.agent.bootstrap.Bridge;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.PathTemplateMatch;
import net.bytebuddy.asm.Advice;

/**
 * {@code HttpServerExchange.endExchange()}: the status is final here. Taking the start time off
 * the exchange makes a second {@code endExchange} call a no-op. The route is the matched path
 * template when a {@code RoutingHandler} or {@code PathTemplateHandler} set one.
 */
public final class EndExchangeAdvice {
  private EndExchangeAdvice() {}

  @SuppressWarnings("unchecked")
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This HttpServerExchange exchange) {
    Object key = Bridge.undertowStartKey;
    if (key == null) {
      return;
    }
    Long start = exchange.removeAttachment((AttachmentKey<Long>) key);
    if (start == null) {
      return;
    }
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    if (match != null && match.getMatchedTemplate() != null) {
      Bridge.recorder.server(exchange.getRequestMethod().toString(), exchange.getStatusCode(),
          match.getMatchedTemplate(), true, start);
    } else {
      Bridge.recorder.server(exchange.getRequestMethod().toString(), exchange.getStatusCode(),
          exchange.getRequestPath(), false, start);
    }
  }
}
