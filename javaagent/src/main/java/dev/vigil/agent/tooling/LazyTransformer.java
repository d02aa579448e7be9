package dev.vigil.agent.tooling;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * The transformer premain installs: it looks at class names only (see {@link Candidates}) and
 * makes the Byte Buddy transformer the first time a candidate loads, then hands that and every
 * later candidate to it. Until then no Byte Buddy class is loaded: building it costs hundreds of
 * milliseconds of class loading, and letting Byte Buddy look at every class the application loads
 * costs as much again. An application that never loads an instrumented library pays neither.
 *
 * <p>Deliberately free of Byte Buddy types, even in signatures, so that loading and verifying
 * this class loads none.
 */
final class LazyTransformer implements ClassFileTransformer {
  /** Makes the real transformer; called at most once. */
  interface Factory {
    ClassFileTransformer make() throws Exception;
  }

  /** What {@link #delegate} holds when making the real transformer failed: transform nothing. */
  private static final ClassFileTransformer FAILED = new ClassFileTransformer() {};

  private final Candidates candidates;
  private final Factory factory;
  /** Set while this thread makes the real transformer, whose own class loading comes back here. */
  private final ThreadLocal<Boolean> making = new ThreadLocal<>();
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

  /** The real transformer, made on first use; null when this thread is making it right now. */
  private ClassFileTransformer delegate(String firstCandidate) {
    ClassFileTransformer d = delegate;
    if (d != null) {
      return d;
    }
    if (making.get() != null) {
      return null;
    }
    synchronized (this) {
      if (delegate == null) {
        making.set(Boolean.TRUE);
        long start = System.nanoTime();
        try {
          delegate = factory.make();
          AgentLog.info("instrumentation ready in " + (System.nanoTime() - start) / 1_000_000
              + " ms, on loading " + firstCandidate.replace('/', '.'));
        } catch (Throwable t) {
          delegate = FAILED;
          AgentLog.info("instrumentation not started, the application runs without it: " + t);
        } finally {
          making.remove();
        }
      }
      return delegate;
    }
  }
}
