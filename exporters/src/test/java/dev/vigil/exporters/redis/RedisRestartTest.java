package dev.vigil.exporters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A private redis-server on a spare port is stopped and started again under one exporter:
 * redis_up goes 1 → 0 → 1 with no restart of the exporter. The shared Redis is not touched.
 */
@Timeout(60)
class RedisRestartTest {
  @Test
  void upFollowsARestartedRedis() throws Exception {
    try (PrivateRedis redis = new PrivateRedis();
        RedisExporter e = new RedisExporter("redis", Duration.ofSeconds(2),
            List.of(RedisAddress.parse(redis.address())))) {
      redis.start();
      assertThat(Exposition.of(e).value("redis_up")).isEqualTo(1);
      redis.stop();
      assertThat(Exposition.of(e).value("redis_up")).isEqualTo(0);
      assertThat(Exposition.of(e).value("redis_up")).isEqualTo(0);
      redis.start();
      Exposition back = Exposition.of(e);
      assertThat(back.value("redis_up")).isEqualTo(1);
      assertThat(back.value("redis_exporter_scrapes_total")).isEqualTo(4);
      assertThat(back.value("redis_uptime_in_seconds")).isLessThan(30);
      // The connection kept from the first scrape died with the first server; the next
      // scrapes of the second one go on without a gap.
      redis.stop();
      redis.start();
      assertThat(Exposition.of(e).value("redis_up")).isEqualTo(1);
    }
  }

  @Test
  void aHungRedisCostsOneBoundedScrape() throws Exception {
    try (PrivateRedis redis = new PrivateRedis();
        RedisExporter e = new RedisExporter("redis", Duration.ofMillis(500),
            List.of(RedisAddress.parse(redis.address())))) {
      redis.start();
      assertThat(Exposition.of(e).value("redis_up")).isEqualTo(1);
      redis.signal("STOP");
      try {
        long start = System.nanoTime();
        Exposition hung = Exposition.of(e);
        assertThat(hung.value("redis_up")).isEqualTo(0);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.0);
      } finally {
        redis.signal("CONT");
      }
      assertThat(Exposition.of(e).value("redis_up")).isEqualTo(1);
    }
  }
}
