package dev.vigil.exporters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.common.Families;
import java.util.List;
import org.junit.jupiter.api.Test;

/** INFO text → redis_exporter's names, on a replica's INFO as Redis 7 prints it. */
class RedisScrapeTest {
  private static final String INFO = String.join("\r\n", List.of(
      "# Server", "redis_version:7.0.15", "redis_mode:standalone", "os:Linux", "process_id:7",
      "run_id:abc", "tcp_port:6380", "uptime_in_seconds:10", "redis_build_id:b1",
      "# Memory", "used_memory:1000", "used_memory_peak_perc:100.16%",
      "maxmemory_policy:noeviction",
      "# Persistence", "rdb_last_bgsave_status:ok", "aof_last_write_status:err",
      "# Stats", "keyspace_hits:5", "keyspace_misses:2", "latest_fork_usec:1500",
      "total_reads_processed:9", "expired_time_cap_reached_count:1",
      "# Replication", "role:slave", "master_host:10.0.0.1", "master_port:6379",
      "master_link_status:down", "master_last_io_seconds_ago:-1", "master_sync_in_progress:0",
      "slave_repl_offset:42", "slave_read_only:1", "connected_slaves:1",
      "slave0:ip=10.0.0.2,port=6381,state=online,offset=40,lag=1",
      "# CPU", "used_cpu_sys:1.5",
      "# Commandstats", "cmdstat_get:calls=3,usec=30,usec_per_call=10.00,rejected_calls=1,"
          + "failed_calls=0",
      "# Errorstats", "errorstat_ERR:count=2",
      "# Latencystats", "latency_percentiles_usec_get:p50=1.003,p99=2.007,p99.9=2.007",
      "# Keyspace", "db1:keys=3,expires=1,avg_ttl=2500", ""));

  @Test
  void namesLabelsAndUnitsAreThePeers() throws Exception {
    RedisScrape scrape = new RedisScrape("redis");
    scrape.parseInfo(INFO, 3);
    Families f = new Families();
    scrape.addTo(f);
    Exposition x = new Exposition(toText(f));
    assertThat(x.value("redis_memory_used_bytes")).isEqualTo(1000);
    assertThat(x.value("redis_rdb_last_bgsave_status")).isEqualTo(1);
    assertThat(x.value("redis_aof_last_write_status")).isEqualTo(0);
    assertThat(x.value("redis_keyspace_hits_total")).isEqualTo(5);
    assertThat(x.value("redis_latest_fork_seconds")).isEqualTo(0.0015);
    assertThat(x.value("redis_total_reads_processed")).isEqualTo(9);
    assertThat(x.value("redis_expired_time_cap_reached_total")).isEqualTo(1);
    assertThat(x.value("redis_cpu_sys_seconds_total")).isEqualTo(1.5);
    assertThat(x.value("redis_commands_total{cmd=\"get\"}")).isEqualTo(3);
    assertThat(x.value("redis_commands_duration_seconds_total{cmd=\"get\"}")).isEqualTo(3e-5);
    assertThat(x.value("redis_commands_rejected_calls_total{cmd=\"get\"}")).isEqualTo(1);
    assertThat(x.value("redis_errors_total{err=\"ERR\"}")).isEqualTo(2);
    assertThat(x.value("redis_latency_percentiles_usec{cmd=\"get\",quantile=\"99.9\"}"))
        .isEqualTo(2.007);
    assertThat(x.value("redis_db_keys{db=\"db1\"}")).isEqualTo(3);
    assertThat(x.value("redis_db_keys_expiring{db=\"db1\"}")).isEqualTo(1);
    assertThat(x.value("redis_db_avg_ttl_seconds{db=\"db1\"}")).isEqualTo(2.5);
    assertThat(x.value("redis_db_keys{db=\"db0\"}")).isEqualTo(0);
    assertThat(x.value("redis_db_keys{db=\"db2\"}")).isEqualTo(0);
    assertThat(x.series).doesNotContainKey("redis_db_avg_ttl_seconds{db=\"db0\"}");
    String master = "{master_host=\"10.0.0.1\",master_port=\"6379\"}";
    assertThat(x.value("redis_master_link_up" + master)).isEqualTo(0);
    assertThat(x.value("redis_slave_repl_offset" + master)).isEqualTo(42);
    assertThat(x.value("redis_master_last_io_seconds_ago" + master)).isEqualTo(-1);
    assertThat(x.value("redis_slave_info{master_host=\"10.0.0.1\",master_port=\"6379\","
        + "read_only=\"1\"}")).isEqualTo(1);
    String slave = "{slave_ip=\"10.0.0.2\",slave_port=\"6381\",slave_state=\"online\"}";
    assertThat(x.value("redis_connected_slave_offset_bytes" + slave)).isEqualTo(40);
    assertThat(x.value("redis_connected_slave_lag_seconds" + slave)).isEqualTo(1);
    assertThat(x.value("redis_instance_info{maxmemory_policy=\"noeviction\",os=\"Linux\","
        + "process_id=\"7\",redis_build_id=\"b1\",redis_mode=\"standalone\","
        + "redis_version=\"7.0.15\",role=\"slave\",run_id=\"abc\",tcp_port=\"6380\"}"))
        .isEqualTo(1);
    assertThat(x.text).doesNotContain("used_memory_peak_perc").doesNotContain("redis_slave0");
  }

  private static String toText(Families f) throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    new dev.vigil.client.exposition.PrometheusTextWriter().write(out, f.build());
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
