package dev.vigil.agent.tooling;

import net.bytebuddy.asm.Advice;

/**
 * A class only ever transformed, never loaded or run: {@link AdviceTransformer#warmUp} inlines
 * {@link Exit} into {@link #target} on the agent's start-up thread, once the real transformer is
 * made. That loads most of the few hundred Byte Buddy classes a transformation needs while the
 * application starts, instead of on the application thread that is waiting for its first
 * candidate. The advice uses the same kinds of bindings as the real ones.
 */
final class Warmup {
  private Warmup() {}

  static int target(String value) {
    return value.length();
  }

  static final class Exit {
    private Exit() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter long start, @Advice.Argument(0) String value,
        @Advice.Return int length, @Advice.Thrown Throwable thrown) {
      if (thrown == null && start == length && value.isEmpty()) {
        throw new IllegalStateException();
      }
    }
  }
}
