package dev.vigil.exporters.redis;

import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/** Makes a private Redis a replica of another and waits for the link to come up. */
final class PrivateRedisLink {
  private final PrivateRedis replica;
  private final PrivateRedis master;

  PrivateRedisLink(PrivateRedis replica, PrivateRedis master) {
    this.replica = replica;
    this.master = master;
  }

  void startAndWait() throws Exception {
    replica.start();
    try (Jedis j = new Jedis("127.0.0.1", replica.port, 5000)) {
      j.replicaof("127.0.0.1", master.port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (!j.info("replication").contains("master_link_status:up")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("replica on " + replica.port + " did not sync");
        }
        Thread.sleep(100);
      }
    }
  }
}
