package dev.vigil.agent.tooling;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * The transformer premain installs: it looks at class names only (see {@link Candidates}) and
 * hands candidates to the Byte Buddy transformer, which {@link #prepare} makes on the agent's own
 * thread while the application starts. Building it costs hundreds of milliseconds of class
 * loading, and letting Byte Buddy look at every class the application loads costs as much again,
 * so Byte Buddy only ever sees candidates.
 *
 * <p>A candidate that loads before the transformer is ready does not wait for the agent's thread
 * (which might need a class whose initialisation that very thread holds): it makes one itself,
 * sharing the class loading already under way, and the first one made is used by all.
 *
 * <p>Deliberately free of Byte Buddy types, even in signatures, so that loading and verifying
 * this class loads none.
 */
final class LazyTransformer implements ClassFileTransformer {
  /** Makes the real transformer; called at most once per thread that needs it first. */
  interface Factory {
    ClassFileTransformer make() throws Exception;
  }

  /** What {@link #delegate} holds when making the real transformer failed: transform nothing. */
  private static final ClassFileTransformer FAILED = new ClassFileTransformer() {};

  private final Candidates candidates;
  private final Factory factory;
  /** Set while this thread makes the real transformer, whose own class loading comes back here. */
  private final ThreadLocal<Boolean> making = new ThreadLocal<>();
  /** Guards only the publication of {@link #delegate}, never the making. */
  private final Object publishing = new Object();
  private volatile ClassFileTransformer delegate;

  LazyTransformer(Candidates candidates, Factory factory) {
    this.candidates = candidates;
    this.factory = factory;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className,
      Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classfile) {
    if (!candidates.matches(className)) {
      return null;
    }
    ClassFileTransformer d = delegate(className);
    if (d == null || d == FAILED) {
      return null;
    }
    try {
      return d.transform(module, loader, className, classBeingRedefined, domain, classfile);
    } catch (Throwable t) {
      // Byte Buddy reports its own failures through the listener; this is a last resort.
      AgentLog.once("lazy:" + className, "could not instrument " + className
          + ", it runs unchanged: " + t);
      return null;
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] classfile) {
    // Only reached on a JVM without modules; Java 11+ calls the method above.
    return transform(null, loader, className, classBeingRedefined, domain, classfile);
  }

  /** Whether the real transformer has been made, or making it was tried. */
  boolean started() {
    return delegate != null;
  }

  /**
   * Makes the real transformer on this thread unless it is made already; the agent's start-up
   * thread calls this so that the application's first candidate finds it ready. Returns the one
   * in use, whichever thread made it, or null when making it failed.
   */
  ClassFileTransformer prepare() {
    ClassFileTransformer d = delegate;
    if (d == null) {
      d = make("at start-up");
    }
    return d == FAILED ? null : d;
  }

  /** The real transformer, made on first use; null when this thread is making it right now. */
  private ClassFileTransformer delegate(String firstCandidate) {
    ClassFileTransformer d = delegate;
    if (d != null) {
      return d;
    }
    if (making.get() != null) {
      return null;
    }
    // Candidates of other threads wait for this one, not for the agent's thread (see above).
    synchronized (this) {
      d = delegate;
      return d != null ? d : make("on loading " + firstCandidate.replace('/', '.'));
    }
  }

  private ClassFileTransformer make(String when) {
    making.set(Boolean.TRUE);
    long start = System.nanoTime();
    ClassFileTransformer made;
    Throwable failure = null;
    try {
      made = factory.make();
    } catch (Throwable t) {
      made = FAILED;
      failure = t;
    } finally {
      making.remove();
    }
    boolean first;
    synchronized (publishing) {
      first = delegate == null;
      if (first) {
        delegate = made;
      }
    }
    if (first) {
      if (failure == null) {
        AgentLog.info("instrumentation ready in " + (System.nanoTime() - start) / 1_000_000
            + " ms, made " + when);
      } else {
        AgentLog.info("instrumentation not started, the application runs without it: "
            + failure);
      }
    }
    return delegate;
  }
}
