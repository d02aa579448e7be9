package dev.vigil.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When the real (Byte Buddy) transformer is made, and what reaches it. The real transformer is
 * stood in for by one that marks the bytes it is given, so the hand-over is visible; the real one
 * is exercised by the child-JVM tests.
 */
class LazyTransformerTest {
  private static final Candidates ALL =
      new Candidates(AgentConfig.load(null, Map.of(), Map.of(), w -> {}));
  private static final String CANDIDATE = "org/postgresql/jdbc/PgStatement";
  private static final byte[] CLASSFILE = {1, 2, 3};

  private final AtomicInteger made = new AtomicInteger();

  /** Marks what it transforms by prefixing 42. */
  private static final ClassFileTransformer MARKING = new ClassFileTransformer() {
    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
        java.security.ProtectionDomain domain, byte[] classfile) {
      byte[] out = new byte[classfile.length + 1];
      out[0] = 42;
      System.arraycopy(classfile, 0, out, 1, classfile.length);
      return out;
    }
  };

  private byte[] load(LazyTransformer t, String name) {
    return t.transform(null, null, name, null, null, CLASSFILE);
  }

  @Test
  void nothingIsMadeUntilACandidateLoads() {
    LazyTransformer t = new LazyTransformer(ALL, () -> {
      made.incrementAndGet();
      return MARKING;
    });
    assertThat(load(t, "java/lang/String")).isNull();
    assertThat(load(t, "org/example/Main")).isNull();
    assertThat(load(t, "sun/net/www/protocol/jar/JarURLConnection")).isNull();
    assertThat(load(t, null)).isNull();
    assertThat(t.started()).isFalse();
    assertThat(made).hasValue(0);

    assertThat(load(t, CANDIDATE)).startsWith(42, 1, 2, 3);
    assertThat(load(t, "com/sun/net/httpserver/Filter$Chain")).startsWith(42);
    assertThat(load(t, "org/example/Main")).isNull();
    assertThat(t.started()).isTrue();
    assertThat(made).hasValue(1);
  }

  @Test
  void candidatesLoadedWhileMakingItOnTheSameThreadPassUnchanged() {
    List<byte[]> inside = new ArrayList<>();
    LazyTransformer[] t = new LazyTransformer[1];
    t[0] = new LazyTransformer(ALL, () -> {
      made.incrementAndGet();
      inside.add(load(t[0], "org/h2/jdbc/JdbcConnection"));
      return MARKING;
    });
    assertThat(load(t[0], CANDIDATE)).startsWith(42);
    assertThat(inside).containsExactly((byte[]) null);
    assertThat(made).hasValue(1);
  }

  @Test
  void concurrentFirstCandidatesMakeItOnceAndAllWaitForIt() throws Exception {
    CountDownLatch making = new CountDownLatch(1);
    LazyTransformer t = new LazyTransformer(ALL, () -> {
      made.incrementAndGet();
      making.countDown();
      Thread.sleep(200);
      return MARKING;
    });
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      results.add(pool.submit(() -> load(t, CANDIDATE)));
      assertThat(making.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> load(t, "com/zaxxer/hikari/pool/HikariPool")));
      }
      for (Future<byte[]> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS)).startsWith(42);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(made).hasValue(1);
  }

  @Test
  void aFailureToMakeItIsNotRetriedAndLeavesClassesUnchanged() {
    LazyTransformer t = new LazyTransformer(ALL, () -> {
      made.incrementAndGet();
      throw new IllegalStateException("no Byte Buddy today");
    });
    assertThat(load(t, CANDIDATE)).isNull();
    assertThat(load(t, "com/zaxxer/hikari/pool/HikariPool")).isNull();
    assertThat(t.started()).isTrue();
    assertThat(made).hasValue(1);
  }

  @Test
  void preparedAtStartUpItIsWhatTheFirstCandidateGets() {
    LazyTransformer t = new LazyTransformer(ALL, () -> {
      made.incrementAndGet();
      return MARKING;
    });
    assertThat(t.prepare()).isSameAs(MARKING);
    assertThat(t.started()).isTrue();
    assertThat(load(t, CANDIDATE)).startsWith(42, 1, 2, 3);
    assertThat(t.prepare()).isSameAs(MARKING);
    assertThat(made).hasValue(1);
  }

  @Test
  void aCandidateDoesNotWaitForTheStartUpThreadAndTheFirstOneMadeIsKept() throws Exception {
    CountDownLatch startUpMaking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ClassFileTransformer late = new ClassFileTransformer() {
      @Override
      public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
          java.security.ProtectionDomain domain, byte[] classfile) {
        return new byte[] {7};
      }
    };
    LazyTransformer t = new LazyTransformer(ALL, () -> {
      if (made.incrementAndGet() == 1) {
        startUpMaking.countDown();
        release.await();
        return late;
      }
      return MARKING;
    });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ClassFileTransformer> prepared = pool.submit(t::prepare);
      assertThat(startUpMaking.await(10, TimeUnit.SECONDS)).isTrue();
      // The start-up thread is stuck making it; a candidate makes its own instead of waiting.
      assertThat(pool.submit(() -> load(t, CANDIDATE)).get(10, TimeUnit.SECONDS))
          .startsWith(42, 1, 2, 3);
      release.countDown();
      // The start-up thread gets the one in use, the candidate's, not its own.
      assertThat(prepared.get(10, TimeUnit.SECONDS)).isSameAs(MARKING);
      assertThat(load(t, "com/zaxxer/hikari/pool/HikariPool")).startsWith(42);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(made).hasValue(2);
  }

  @Test
  void aFailureAtStartUpIsNotRetriedByCandidates() {
    LazyTransformer t = new LazyTransformer(ALL, () -> {
      made.incrementAndGet();
      throw new IllegalStateException("no Byte Buddy today");
    });
    assertThat(t.prepare()).isNull();
    assertThat(load(t, CANDIDATE)).isNull();
    assertThat(made).hasValue(1);
  }

  @Test
  void aThrowingTransformerLeavesTheClassUnchanged() {
    LazyTransformer t = new LazyTransformer(ALL, () -> new ClassFileTransformer() {
      @Override
      public byte[] transform(Module module, ClassLoader loader, String name,
          Class<?> redefined, java.security.ProtectionDomain domain, byte[] classfile) {
        throw new IllegalStateException("broken");
      }
    });
    assertThat(load(t, CANDIDATE)).isNull();
  }
}
