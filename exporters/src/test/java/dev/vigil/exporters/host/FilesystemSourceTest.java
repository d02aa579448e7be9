package dev.vigil.exporters.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.common.Families;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A hung mount (an NFS server gone) times out alone and is not asked again while stuck. */
@Timeout(20)
class FilesystemSourceTest {
  @TempDir Path tmp;

  @Test
  void aHungMountIsAnErrorAloneAndIsNotRetriedWhileStuck() throws Exception {
    Files.createDirectories(tmp.resolve("1"));
    Files.writeString(tmp.resolve("1/mounts"), """
        /dev/vda / ext4 rw 0 0
        server:/export /nfs nfs4 rw 0 0
        """);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger nfsCalls = new AtomicInteger();
    FilesystemSource fs = new FilesystemSource(tmp, Path.of("/"), Pattern.compile("^/proc"),
        Pattern.compile("^proc$"), 200, path -> {
          if (path.toString().equals("/nfs")) {
            nfsCalls.incrementAndGet();
            release.await();
            throw new java.io.IOException("stale file handle");
          }
          return new long[] {1000, 600, 500};
        });
    for (int scrape = 0; scrape < 3; scrape++) {
      Map<String, Exposition.Sample> got = collect(fs);
      String root = "{device=/dev/vda, fstype=ext4, mountpoint=/}";
      String nfs = "{device=server:/export, fstype=nfs4, mountpoint=/nfs}";
      assertThat(got.get("node_filesystem_avail_bytes" + root).value()).isEqualTo(500);
      assertThat(got.get("node_filesystem_device_error" + root).value()).isZero();
      assertThat(got.get("node_filesystem_device_error" + nfs).value()).isEqualTo(1);
      assertThat(got).doesNotContainKey("node_filesystem_size_bytes" + nfs);
    }
    assertThat(nfsCalls).hasValue(1); // stuck: skipped by the next scrapes, no thread pile-up
    release.countDown();
    for (int i = 0; i < 100 && nfsCalls.get() == 1; i++) {
      collect(fs); // once the hung call returns, the mount is asked again
      Thread.sleep(20);
    }
    assertThat(nfsCalls.get()).isGreaterThan(1);
  }

  private static Map<String, Exposition.Sample> collect(FilesystemSource fs) throws Exception {
    Families f = new Families();
    fs.collect(f);
    return Exposition.parse(Exposition.text(f.build()));
  }
}
