package dev.vigil.exporters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisAddressTest {
  @Test
  void parsesTheFormsRedisExporterTakes() {
    assertThat(RedisAddress.parse("redis://localhost:6379"))
        .isEqualTo(new RedisAddress(false, "localhost", 6379, null, null, 0));
    assertThat(RedisAddress.parse("10.0.0.1:6380"))
        .isEqualTo(new RedisAddress(false, "10.0.0.1", 6380, null, null, 0));
    assertThat(RedisAddress.parse("rediss://bob:s%40cret@cache/3"))
        .isEqualTo(new RedisAddress(true, "cache", 6379, "bob", "s@cret", 3));
    assertThat(RedisAddress.parse("redis://:pw@h:1"))
        .isEqualTo(new RedisAddress(false, "h", 1, null, "pw", 0));
  }

  @Test
  void neverShowsThePassword() {
    assertThat(RedisAddress.parse("redis://bob:hunter2@cache:6379/3").toString())
        .isEqualTo("redis://bob@cache:6379/3");
    assertThat(RedisAddress.parse("redis://:hunter2@cache:6379").toString())
        .isEqualTo("redis://***@cache:6379");
    assertThatThrownBy(() -> RedisAddress.parse("redis://bob:hunter2@cache:6379/x"))
        .hasMessageContaining("database must be a number").hasMessageNotContaining("hunter2");
    assertThat(RedisAddress.mask("redis://bob:hunter2@cache")).isEqualTo("redis://bob:***@cache");
  }

  @Test
  void badInputGivesAClearError() {
    assertThatThrownBy(() -> RedisAddress.parse("http://x:1"))
        .hasMessageContaining("must start with redis://");
    assertThatThrownBy(() -> RedisAddress.parse(""))
        .hasMessageContaining("empty Redis address");
    assertThatThrownBy(() -> RedisCommand.duration("soon"))
        .hasMessageContaining("--connection-timeout");
  }
}
