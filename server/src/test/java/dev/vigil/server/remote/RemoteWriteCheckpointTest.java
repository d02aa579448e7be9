package dev.vigil.server.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.vigil.client.model.Registry;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.Tsdb;
import dev.vigil.server.tsdb.wal.Wal;
import dev.vigil.server.tsdb.wal.WalBatch;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The queue's series map follows the head through WAL checkpoints instead of growing forever. */
class RemoteWriteCheckpointTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path dir;
  private Tsdb tsdb;
  private RemoteStorage remote;

  @BeforeEach
  void open() throws Exception {
    tsdb = Tsdb.open(dir.resolve("data"));
    remote = new RemoteStorage(tsdb, dir.resolve("data/remote_write"), new Registry());
  }

  @AfterEach
  void close() throws Exception {
    remote.close();
    tsdb.close();
  }

  @Test
  void seriesTheCheckpointDropsAreForgottenAndTheRestStillSent() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(204)));
    remote.applyConfig(ConfigLoader.parse("""
        remote_write:
          - url: %s/api/v1/write
            queue_config:
              batch_send_deadline: 20ms
        """.formatted(wm.baseUrl()), "test.yml"));
    WriteQueue q = remote.queues().get(0);
    Wal wal = tsdb.wal();
    long t = System.currentTimeMillis();
    // Refs far above anything the head hands out, so they never meet its own series.
    long gone = 1L << 40;
    long kept = gone + 1;
    WalBatch b = new WalBatch();
    b.series(gone, Labels.of("__name__", "churned", "pod", "a"));
    b.series(kept, Labels.of("__name__", "steady"));
    b.sample(gone, t, 1);
    b.sample(kept, t, 2);
    wal.log(b);
    Peers.await(20, () -> q.metrics.samplesSent.sum() == 2, "both first samples sent");
    assertThat(q.metrics.seriesKnown).isEqualTo(2);

    int closed = wal.cutSegment();
    wal.checkpoint(closed, ref -> ref == kept, (ref, ts) -> true);
    wal.log(new WalBatch().sample(kept, t + 1000, 3));
    wal.cutSegment(); // the reader forgets once it is past the checkpoint's segment
    wal.log(new WalBatch().sample(kept, t + 2000, 4));

    Peers.await(20, () -> q.metrics.samplesSent.sum() == 4, "the kept series' samples sent");
    Peers.await(20, () -> q.metrics.seriesKnown == 1, "the churned series forgotten");
    assertThat(q.metrics.samplesDropped.sum()).isZero();
  }
}
