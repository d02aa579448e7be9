package dev.vigil.exporters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RedisCommandTest {
  @TempDir
  Path dir;

  private static RedisCommand parse(String... args) {
    RedisCommand c = new RedisCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void takesRedisExportersFlags() throws Exception {
    RedisCommand c = parse("--redis.addr=redis://cache:6380/2", "--redis.user=bob",
        "--redis.password=hunter2", "--web.listen-address=:9999", "--connection-timeout=500ms",
        "--check-single-keys=db3=user_count");
    RedisCommand.Settings s = c.settings();
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.addresses()).containsExactly(
        new RedisAddress(false, "cache", 6380, "bob", "hunter2", 2));
    assertThat(s.toString()).doesNotContain("hunter2");
    assertThat(s.addresses().toString()).doesNotContain("hunter2");
    assertThat(c.listenAddress).isEqualTo(":9999");
    assertThat(parse().listenAddress).isEqualTo(":9121");
    assertThat(parse().namespace).isEqualTo("redis");
    assertThat(parse("--redis.addr=").settings().addresses()).isEmpty();
  }

  @Test
  void readsSeveralInstancesAndAPasswordMap() throws Exception {
    Path addrs = Files.writeString(dir.resolve("addrs"), "# two caches\nredis://a:1\n\nb:2\n");
    Path pw = Files.writeString(dir.resolve("pw.json"), "{\"redis://a:1\": \"s1\"}");
    RedisCommand.Settings s = parse("--redis.addr-file=" + addrs,
        "--redis.password-file=" + pw).settings();
    assertThat(s.addresses()).containsExactly(new RedisAddress(false, "a", 1, null, "s1", 0),
        new RedisAddress(false, "b", 2, null, null, 0));
    Path plain = Files.writeString(dir.resolve("pw"), "s2\n");
    assertThat(parse("--redis.password-file=" + plain).settings().addresses().get(0).password())
        .isEqualTo("s2");
  }

  @Test
  void helpNamesTheFlagsAndBadInputIsRefused() {
    StringWriter help = new StringWriter();
    new CommandLine(new RedisCommand()).usage(new PrintWriter(help));
    assertThat(help.toString()).contains("--redis.addr", "--redis.password-file",
        "--web.listen-address", "--check-keys", "9121");
    assertThatThrownBy(() -> parse("--namespace=9bad").settings())
        .hasMessageContaining("--namespace");
    assertThatThrownBy(() -> parse("--check-keys=dbx=k").settings())
        .hasMessageContaining("--check-keys");
    assertThatThrownBy(() -> parse("--connection-timeout=0s").settings())
        .hasMessageContaining("--connection-timeout");
  }
}
