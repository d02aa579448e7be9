package dev.vigil.agent.instrumentation.jdbc;

import dev.vigil.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** {@code Connection.prepareStatement/prepareCall(sql, ...)}: remembers the statement's SQL. */
public final class PrepareAdvice {
  private PrepareAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return Bridge.enter(Bridge.PREPARE);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.Enter long start, @Advice.Argument(0) String sql,
      @Advice.Return Object statement) {
    if (Bridge.exit(Bridge.PREPARE) && start != Bridge.NESTED && statement != null) {
      Bridge.recorder.prepared(statement, sql);
    }
  }
}
