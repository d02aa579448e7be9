package dev.vigil.agent.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only agent class the instrumented code calls. It is put on the bootstrap class path, so
 * advice inlined into any class (JDK classes included) can reach it; it holds no reference to a
 * library or to the agent's shaded code, only to {@link Recorder}.
 *
 * <p>The call-depth counters keep nested calls from being counted twice: a pool's statement
 * proxy calling the driver's statement, a servlet forwarding to another one, OkHttp's sync call
 * going through its interceptor chain. {@link #enter} and {@link #exit} must be paired; the advice
 * calls {@code exit} first thing in its exit method so a later failure cannot unbalance them.
 */
public final class Bridge {
  public static final int SERVER = 0;
  public static final int CLIENT = 1;
  public static final int DB = 2;
  public static final int PREPARE = 3;
  /** What {@link #enter} returns for a nested call; never a start time worth recording. */
  public static final long NESTED = Long.MIN_VALUE;

  /** Replaced once by the agent when it has started. */
  public static volatile Recorder recorder = Recorder.NOOP;
  /** Undertow's attachment key for the request start time, created by the first request. */
  public static volatile Object undertowStartKey;

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[4]);
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
  private static final int MAX_REPORTED = 32;

  private Bridge() {}

  /** Counts one level deeper; the start time when this is the outermost call, else NESTED. */
  public static long enter(int kind) {
    int[] depth = DEPTH.get();
    return depth[kind]++ == 0 ? System.nanoTime() : NESTED;
  }

  /** Counts one level up; true when the outermost call is the one ending. */
  public static boolean exit(int kind) {
    int[] depth = DEPTH.get();
    if (depth[kind] > 0) {
      depth[kind]--;
    }
    return depth[kind] == 0;
  }

  /**
   * Called by every advice for any throwable it would otherwise have let escape into the
   * application. Reports each kind of failure once on stderr and swallows it.
   */
  public static void adviceFailed(Throwable t) {
    try {
      String key = t.getClass().getName() + ": " + t.getMessage();
      if (REPORTED.size() < MAX_REPORTED && REPORTED.add(key)) {
        StackTraceElement[] at = t.getStackTrace();
        System.err.println("[vigil-agent] an instrumentation failed and was skipped (reported"
            + " once): " + key + (at.length > 0 ? " at " + at[0] : ""));
      }
    } catch (Throwable ignored) {
      // Never let reporting a failure become one.
    }
  }
}
