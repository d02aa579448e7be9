package dev.vigil.exporters.redis;

import java.util.Map;

/**
 * How redis_exporter 1.45 names the plain numeric fields of {@code INFO ALL}: field → metric
 * name without the namespace. Fields not listed here are not exported, as the peer does, so a
 * new Redis release cannot add names behind the user's back.
 */
final class InfoFields {
  private InfoFields() {}

  /** Gauges. A few peer gauges end in {@code _total}; see {@link #COUNTERS_AS_GAUGE_NAMES}. */
  static final Map<String, String> GAUGES = Map.ofEntries(
      // Server
      Map.entry("uptime_in_seconds", "uptime_in_seconds"),
      Map.entry("process_id", "process_id"),
      Map.entry("io_threads_active", "io_threads_active"),
      // Clients
      Map.entry("connected_clients", "connected_clients"),
      Map.entry("blocked_clients", "blocked_clients"),
      Map.entry("tracking_clients", "tracking_clients"),
      Map.entry("clients_in_timeout_table", "clients_in_timeout_table"),
      Map.entry("cluster_connections", "cluster_connections"),
      Map.entry("client_longest_output_list", "client_longest_output_list"),
      Map.entry("client_biggest_input_buf", "client_biggest_input_buf"),
      Map.entry("client_recent_max_output_buffer", "client_recent_max_output_buffer_bytes"),
      Map.entry("client_recent_max_input_buffer", "client_recent_max_input_buffer_bytes"),
      // Memory
      Map.entry("allocator_active", "allocator_active_bytes"),
      Map.entry("allocator_allocated", "allocator_allocated_bytes"),
      Map.entry("allocator_resident", "allocator_resident_bytes"),
      Map.entry("allocator_frag_ratio", "allocator_frag_ratio"),
      Map.entry("allocator_frag_bytes", "allocator_frag_bytes"),
      Map.entry("allocator_rss_ratio", "allocator_rss_ratio"),
      Map.entry("allocator_rss_bytes", "allocator_rss_bytes"),
      Map.entry("used_memory", "memory_used_bytes"),
      Map.entry("used_memory_rss", "memory_used_rss_bytes"),
      Map.entry("used_memory_peak", "memory_used_peak_bytes"),
      Map.entry("used_memory_lua", "memory_used_lua_bytes"),
      Map.entry("used_memory_overhead", "memory_used_overhead_bytes"),
      Map.entry("used_memory_startup", "memory_used_startup_bytes"),
      Map.entry("used_memory_dataset", "memory_used_dataset_bytes"),
      Map.entry("used_memory_scripts", "memory_used_scripts_bytes"),
      Map.entry("number_of_cached_scripts", "number_of_cached_scripts"),
      Map.entry("maxmemory", "memory_max_bytes"),
      Map.entry("mem_fragmentation_ratio", "mem_fragmentation_ratio"),
      Map.entry("mem_fragmentation_bytes", "mem_fragmentation_bytes"),
      Map.entry("mem_clients_slaves", "mem_clients_slaves"),
      Map.entry("mem_clients_normal", "mem_clients_normal"),
      Map.entry("mem_not_counted_for_evict", "mem_not_counted_for_eviction_bytes"),
      Map.entry("lazyfree_pending_objects", "lazyfree_pending_objects"),
      Map.entry("active_defrag_running", "active_defrag_running"),
      Map.entry("expired_stale_perc", "expired_stale_percentage"),
      Map.entry("active_defrag_hits", "defrag_hits"),
      Map.entry("active_defrag_misses", "defrag_misses"),
      Map.entry("active_defrag_key_hits", "defrag_key_hits"),
      Map.entry("active_defrag_key_misses", "defrag_key_misses"),
      // Persistence
      Map.entry("loading", "loading_dump_file"),
      Map.entry("rdb_changes_since_last_save", "rdb_changes_since_last_save"),
      Map.entry("rdb_bgsave_in_progress", "rdb_bgsave_in_progress"),
      Map.entry("rdb_last_save_time", "rdb_last_save_timestamp_seconds"),
      Map.entry("rdb_last_bgsave_status", "rdb_last_bgsave_status"),
      Map.entry("rdb_last_bgsave_time_sec", "rdb_last_bgsave_duration_sec"),
      Map.entry("rdb_current_bgsave_time_sec", "rdb_current_bgsave_duration_sec"),
      Map.entry("rdb_last_cow_size", "rdb_last_cow_size_bytes"),
      Map.entry("aof_enabled", "aof_enabled"),
      Map.entry("aof_rewrite_in_progress", "aof_rewrite_in_progress"),
      Map.entry("aof_rewrite_scheduled", "aof_rewrite_scheduled"),
      Map.entry("aof_last_rewrite_time_sec", "aof_last_rewrite_duration_sec"),
      Map.entry("aof_current_rewrite_time_sec", "aof_current_rewrite_duration_sec"),
      Map.entry("aof_last_cow_size", "aof_last_cow_size_bytes"),
      Map.entry("aof_current_size", "aof_current_size_bytes"),
      Map.entry("aof_base_size", "aof_base_size_bytes"),
      Map.entry("aof_pending_rewrite", "aof_pending_rewrite"),
      Map.entry("aof_buffer_length", "aof_buffer_length"),
      Map.entry("aof_rewrite_buffer_length", "aof_rewrite_buffer_length"),
      Map.entry("aof_pending_bio_fsync", "aof_pending_bio_fsync"),
      Map.entry("aof_delayed_fsync", "aof_delayed_fsync"),
      Map.entry("aof_last_bgrewrite_status", "aof_last_bgrewrite_status"),
      Map.entry("aof_last_write_status", "aof_last_write_status"),
      Map.entry("module_fork_in_progress", "module_fork_in_progress"),
      Map.entry("module_fork_last_cow_size", "module_fork_last_cow_size"),
      // Stats
      Map.entry("pubsub_channels", "pubsub_channels"),
      Map.entry("pubsub_patterns", "pubsub_patterns"),
      Map.entry("slave_expires_tracked_keys", "slave_expires_tracked_keys"),
      Map.entry("tracking_total_keys", "tracking_total_keys"),
      Map.entry("tracking_total_items", "tracking_total_items"),
      Map.entry("tracking_total_prefixes", "tracking_total_prefixes"),
      Map.entry("sync_full", "replica_resyncs_full"),
      Map.entry("sync_partial_ok", "replica_partial_resync_accepted"),
      Map.entry("sync_partial_err", "replica_partial_resync_denied"),
      // Replication
      Map.entry("connected_slaves", "connected_slaves"),
      Map.entry("repl_backlog_size", "replication_backlog_bytes"),
      Map.entry("repl_backlog_active", "repl_backlog_is_active"),
      Map.entry("repl_backlog_first_byte_offset", "repl_backlog_first_byte_offset"),
      Map.entry("repl_backlog_histlen", "repl_backlog_history_bytes"),
      Map.entry("master_repl_offset", "master_repl_offset"),
      Map.entry("second_repl_offset", "second_repl_offset"),
      Map.entry("slave_priority", "slave_priority"),
      // Cluster
      Map.entry("cluster_enabled", "cluster_enabled"));

  /**
   * Peer gauges whose names end in {@code _total}: client-sdk only allows that suffix on
   * counters, and both only ever grow, so they are exposed as counters.
   */
  static final Map<String, String> COUNTERS_AS_GAUGE_NAMES = Map.of(
      "migrate_cached_sockets", "migrate_cached_sockets_total",
      "expired_time_cap_reached_count", "expired_time_cap_reached_total");

  /** Counters named with {@code _total}. */
  static final Map<String, String> COUNTERS = Map.ofEntries(
      Map.entry("total_connections_received", "connections_received_total"),
      Map.entry("total_commands_processed", "commands_processed_total"),
      Map.entry("rejected_connections", "rejected_connections_total"),
      Map.entry("total_net_input_bytes", "net_input_bytes_total"),
      Map.entry("total_net_output_bytes", "net_output_bytes_total"),
      Map.entry("expired_keys", "expired_keys_total"),
      Map.entry("evicted_keys", "evicted_keys_total"),
      Map.entry("keyspace_hits", "keyspace_hits_total"),
      Map.entry("keyspace_misses", "keyspace_misses_total"),
      Map.entry("used_cpu_sys", "cpu_sys_seconds_total"),
      Map.entry("used_cpu_user", "cpu_user_seconds_total"),
      Map.entry("used_cpu_sys_children", "cpu_sys_children_seconds_total"),
      Map.entry("used_cpu_user_children", "cpu_user_children_seconds_total"),
      Map.entry("used_cpu_sys_main_thread", "cpu_sys_main_thread_seconds_total"),
      Map.entry("used_cpu_user_main_thread", "cpu_user_main_thread_seconds_total"));

  /**
   * Peer counters without the {@code _total} suffix: exposed untyped (see Families), keeping
   * the peer's names so dashboards match.
   */
  static final Map<String, String> SUFFIXLESS_COUNTERS = Map.of(
      "unexpected_error_replies", "unexpected_error_replies",
      "total_error_replies", "total_error_replies",
      "dump_payload_sanitizations", "dump_payload_sanitizations",
      "total_reads_processed", "total_reads_processed",
      "total_writes_processed", "total_writes_processed",
      "io_threaded_reads_processed", "io_threaded_reads_processed",
      "io_threaded_writes_processed", "io_threaded_writes_processed");

  /**
   * A field's number; the peer turns status words into 1/0 ({@code ok}/{@code err}). Null when
   * the field is not numeric.
   */
  static Double parse(String value) {
    switch (value) {
      case "ok":
        return 1.0;
      case "err":
      case "fail":
        return 0.0;
      default:
        try {
          return Double.parseDouble(value);
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }
}
