package dev.vigil.agent.instrumentation.hikaricp;

import dev.vigil.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** {@code new HikariPool(config)}: hands the pool to the agent, which reads it at scrape time. */
public final class PoolConstructorAdvice {
  private PoolConstructorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object pool) {
    Bridge.recorder.hikariPool(pool);
  }
}
