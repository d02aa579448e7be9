package dev.vigil.agent.instrumentation.undertow;

import dev.vigil.agent.bootstrap.Bridge;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import net.bytebuddy.asm.Advice;

/**
 * {@code Connectors.executeRootHandler}: Undertow starts every request here (and again after a
 * dispatch to a worker thread). The first call stores the start time on the exchange;
 * {@link EndExchangeAdvice} records the request when the exchange ends, on whichever thread.
 */
public final class RootHandlerAdvice {
  private RootHandlerAdvice() {}

  @SuppressWarnings("unchecked")
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(1) HttpServerExchange exchange) {
    Object key = Bridge.undertowStartKey;
    if (key == null) {
      // A benign race: two first requests may each create a key; one of them goes unrecorded.
      key = AttachmentKey.create(Long.class);
      Bridge.undertowStartKey = key;
    }
    AttachmentKey<Long> k = (AttachmentKey<Long>) key;
    if (exchange.getAttachment(k) == null) {
      exchange.putAttachment(k, System.nanoTime());
    }
  }
}
