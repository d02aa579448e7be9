package dev.vigil.agent.instrumentation.httpclient;

import dev.vigil.agent.bootstrap.Bridge;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/**
 * {@code jdk.internal.net.http.HttpClientImpl}'s private four-argument {@code sendAsync}, where
 * {@code send}, and both public {@code sendAsync} end. The request is recorded when the returned
 * future completes, so synchronous and asynchronous calls are timed the same way.
 */
public final class SendAsyncAdvice {
  private SendAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return System.nanoTime();
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter long start, @Advice.Argument(0) HttpRequest request,
      @Advice.Return Object future) {
    if (future != null) {
      Bridge.recorder.clientFuture(future, request.method(), request.uri().getHost(), start);
    }
  }
}
