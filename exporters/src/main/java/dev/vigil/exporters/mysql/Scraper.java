package dev.vigil.exporters.mysql;

import dev.vigil.exporters.common.Families;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One of mysqld_exporter's scrapers ({@code global_status}, {@code info_schema.tables}, …). It
 * runs its queries on the instance's single connection, each bounded by {@code timeoutSeconds}
 * (JDBC query timeout). Throwing means the scraper failed this scrape; what it added is dropped.
 */
interface Scraper {
  /** The peer's scraper name; the collector label is {@code collect.<name>}. */
  String name();

  void scrape(Connection db, int timeoutSeconds, Families out) throws SQLException;

  /**
   * Adds a peer "generic" metric whose type depends only on its name. Client-sdk refuses
   * gauges/untyped ending in _total (the peer's untyped ones become counters) and ending in
   * _created/_bucket/_info (a handful of MariaDB variables, e.g. sync_master_info: left out).
   */
  static void generic(Families out, String name, String help, boolean gauge, double value,
      String... labels) {
    if (name.endsWith("_total")) {
      out.counter(name, help, value, labels);
    } else if (name.endsWith("_created") || name.endsWith("_bucket") || name.endsWith("_info")) {
      return;
    } else if (gauge) {
      out.gauge(name, help, value, labels);
    } else {
      out.untyped(name, help, value, labels);
    }
  }
}
