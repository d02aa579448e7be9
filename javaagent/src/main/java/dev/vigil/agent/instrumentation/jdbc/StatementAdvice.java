package dev.vigil.agent.instrumentation.jdbc;

import dev.vigil.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * {@code Statement}/{@code PreparedStatement} {@code execute*} calls. The depth guard counts a
 * pool's proxy and the driver's statement behind it once.
 */
public final class StatementAdvice {
  private StatementAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return Bridge.enter(Bridge.DB);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.Enter long start, @Advice.This Object statement,
      @Advice.AllArguments Object[] args) {
    if (Bridge.exit(Bridge.DB) && start != Bridge.NESTED) {
      String sql = args.length > 0 && args[0] instanceof String ? (String) args[0] : null;
      Bridge.recorder.db(statement, sql, start);
    }
  }
}
