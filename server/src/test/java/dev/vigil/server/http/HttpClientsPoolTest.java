package dev.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.config.HttpClientConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent senders (a remote-write queue's shards) keep their connections between
 * requests: the second round of 16 parallel calls reuses the first round's 16 connections
 * instead of opening new ones past a small idle bound.
 */
class HttpClientsPoolTest {
  private static final int PARALLEL = 16;

  @Test
  void parallelCallersReuseTheirConnections() throws Exception {
    Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(PARALLEL));
    server.createContext("/", ex -> {
      clientPorts.add(ex.getRemoteAddress().getPort());
      try {
        Thread.sleep(50); // so the round's calls overlap
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] ok = "ok".getBytes();
      ex.sendResponseHeaders(200, ok.length);
      ex.getResponseBody().write(ok);
      ex.close();
    });
    server.start();
    ExecutorService callers = Executors.newFixedThreadPool(PARALLEL);
    try {
      OkHttpClient client = HttpClients.client(HttpClientConfig.DEFAULT, Duration.ofSeconds(10));
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      for (int round = 0; round < 2; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
          calls.add(callers.submit(() -> {
            go.await();
            try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
              r.body().string();
              return r.code();
            }
          }));
        }
        go.countDown();
        for (Future<Integer> f : calls) {
          assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        }
      }
      assertThat(clientPorts).hasSize(PARALLEL);
    } finally {
      callers.shutdownNow();
      server.stop(0);
    }
  }
}
