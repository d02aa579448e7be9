package dev.vigil.agent.instrumentation.okhttp;

import dev.vigil.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.internal.connection.RealCall;

/**
 * OkHttp 4 and 5: {@code RealCall.getResponseWithInterceptorChain} runs every call, synchronous
 * ({@code execute}) or not ({@code enqueue}), on the thread that performs it, retries and
 * redirects included. Compiled against OkHttp 5; the methods used are the same in 4.
 */
public final class RealCallAdvice {
  private RealCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return Bridge.enter(Bridge.CLIENT);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.Enter long start, @Advice.This RealCall call,
      @Advice.Return Response response) {
    if (Bridge.exit(Bridge.CLIENT) && start != Bridge.NESTED) {
      Request request = call.request();
      Bridge.recorder.client(request.method(), response != null ? response.code() : 0,
          request.url().host(), start);
    }
  }
}
