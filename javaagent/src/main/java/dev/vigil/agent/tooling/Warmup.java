package dev.vigil.agent.tooling;

import net.bytebuddy.asm.Advice;

/**
 * A class only ever transformed, never loaded or run: {@link AdviceTransformer#warmUp} inlines
 * {@link Exit} into {@link #target} on a second thread while the first real transformation is
 * being prepared. That loads most of the few hundred Byte Buddy classes a transformation needs on
 * the other CPU, instead of one after the other on the application thread that is waiting for its
 * class. The advice uses the same kinds of bindings as the real ones.
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
