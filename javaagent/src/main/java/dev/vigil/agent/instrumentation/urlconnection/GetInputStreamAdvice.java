package dev.vigil.agent.instrumentation.urlconnection;

import dev.vigil.agent.bootstrap.Bridge;
import java.io.InputStream;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * The JDK's {@code sun.net.www.protocol.http.HttpURLConnection.getInputStream()}, which sends the
 * request and reads the response (also for {@code getResponseCode()}). A connection's later calls
 * return the remembered stream or exception; those are not counted again.
 */
public final class GetInputStreamAdvice {
  private GetInputStreamAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Advice.FieldValue("inputStream") InputStream in,
      @Advice.FieldValue("rememberedException") Exception remembered) {
    long start = Bridge.enter(Bridge.CLIENT);
    return in != null || remembered != null ? Bridge.NESTED : start;
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.Enter long start, @Advice.This HttpURLConnection connection,
      @Advice.FieldValue("responseCode") int status) {
    if (Bridge.exit(Bridge.CLIENT) && start != Bridge.NESTED) {
      Bridge.recorder.client(connection.getRequestMethod(), Math.max(status, 0),
          connection.getURL().getHost(), start);
    }
  }
}
