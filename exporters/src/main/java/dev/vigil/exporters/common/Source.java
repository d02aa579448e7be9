package dev.vigil.exporters.common;

/**
 * One collector of an exporter ({@code cpu}, {@code meminfo}, {@code stat_database}, …): reads
 * its source and adds samples. Throwing means the collector failed this scrape; what it added
 * before throwing is dropped. Must be thread-safe (scrapes may overlap).
 */
public interface Source {
  /** The collector's name, as the peer's {@code collector} label and switches name it. */
  String name();

  void collect(Families out) throws Exception;
}
