package dev.vigil.exporters.redis;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * One Redis instance being watched. Every connect and command is bounded by the scrape
 * timeout; a connection is kept between scrapes and replaced when it breaks, so a restarted
 * Redis is picked up by the next scrape. Thread-safe: overlapping scrapes use separate
 * connections.
 */
final class RedisTarget {
  private static final Logger LOG = LoggerFactory.getLogger(RedisTarget.class);

  private final RedisAddress address;
  private final String namespace;
  private final int timeoutMillis;
  private final KeyChecks keys;
  private final String[] extraLabels;
  private final AtomicLong scrapes = new AtomicLong();
  /**
   * One connection kept between scrapes: connecting (and CLIENT SETNAME) each time costs more
   * CPU and allocation than the scrape itself. A scrape takes it, so overlapping scrapes never
   * share one; a dead one is replaced by a fresh connection within the same scrape.
   */
  private final AtomicReference<Jedis> idle = new AtomicReference<>();
  /** True while failing, so a down Redis is logged once per failure streak, not per scrape. */
  private final AtomicBoolean failing = new AtomicBoolean();

  RedisTarget(RedisAddress address, String namespace, Duration timeout, KeyChecks keys,
      String... extraLabels) {
    this.address = address;
    this.keys = keys;
    this.namespace = namespace;
    this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    this.extraLabels = extraLabels;
  }

  RedisAddress address() {
    return address;
  }

  /**
   * Scrapes the instance: its metrics when up, and always the self-metrics. The samples are
   * returned unapplied so several targets can be scraped in parallel and merged afterwards.
   */
  RedisScrape scrape() {
    long start = System.nanoTime();
    long scrapeNumber = scrapes.incrementAndGet();
    RedisScrape scrape = new RedisScrape(namespace, extraLabels);
    String error = "";
    double connectSeconds = -1;
    Jedis jedis = idle.getAndSet(null);
    try {
      if (jedis != null) {
        try {
          jedis.getConnection().ping();
        } catch (JedisConnectionException stale) {
          if (timedOut(stale)) {
            throw stale; // a hung Redis: trying again would only double the wait
          }
          // The kept connection died (Redis restarted or closed it): not a failure, reconnect.
          jedis.close();
          jedis = null;
        }
      }
      if (jedis == null) {
        jedis = connect();
        jedis.getConnection().ping();
      }
      connectSeconds = (System.nanoTime() - start) / 1e9;
      scrape.run(jedis, keys, address.db());
      keep(jedis);
      jedis = null;
      if (failing.compareAndSet(true, false)) {
        LOG.info("Redis at {} is reachable again", address);
      }
    } catch (RuntimeException e) {
      error = safeMessage(e);
      if (failing.compareAndSet(false, true)) {
        LOG.error("scraping Redis at {} failed: {} (logged once until it recovers)", address,
            error);
      }
      scrape = null;
    } finally {
      if (jedis != null) {
        jedis.close();
      }
    }
    RedisScrape self = scrape != null ? scrape : new RedisScrape(namespace, extraLabels);
    String ns = namespace + "_";
    self.gauge(ns + "up", "Information about the Redis instance", scrape != null ? 1 : 0);
    self.counter(ns + "exporter_scrapes_total", "Current total redis scrapes.", scrapeNumber);
    self.gauge(ns + "exporter_last_scrape_duration_seconds", "The last scrape duration.",
        (System.nanoTime() - start) / 1e9);
    if (connectSeconds >= 0) {
      self.gauge(ns + "exporter_last_scrape_connect_time_seconds",
          "The duration(in seconds) to connect when scrape", connectSeconds);
    }
    self.gauge(ns + "exporter_last_scrape_error", "The last scrape error status.",
        error.isEmpty() ? 0 : 1, "err", error);
    // The peer always prints this; key groups are not implemented, so their scrape takes 0 ms.
    self.gauge(ns + "last_key_groups_scrape_duration_milliseconds",
        "Duration of the last key group metrics scrape in milliseconds", 0);
    return self;
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** Keeps a connection that worked for the next scrape; a concurrent scrape's is closed. */
  private void keep(Jedis jedis) {
    if (!idle.compareAndSet(null, jedis)) {
      jedis.close();
    }
  }

  /** Closes the kept connection. */
  void close() {
    Jedis jedis = idle.getAndSet(null);
    if (jedis != null) {
      jedis.close();
    }
  }

  private Jedis connect() {
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeoutMillis)
        .socketTimeoutMillis(timeoutMillis)
        // RESP2 as the peer speaks it; says so up front instead of negotiating (and warning).
        .protocol(RedisProtocol.RESP2)
        .clientName("redis_exporter")
        // No CLIENT SETINFO on connect: one command less per scrape, and old Redis lacks it.
        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
        .database(address.db())
        .ssl(address.tls());
    if (address.user() != null) {
      config.user(address.user());
    }
    if (address.password() != null) {
      config.password(address.password());
    }
    return new Jedis(new HostAndPort(address.host(), address.port()), config.build());
  }

  /** The error's message with the password cut out, should a driver ever echo it. */
  private String safeMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
      m = m + ": " + root.getMessage();
    }
    if (address.password() != null && !address.password().isEmpty()) {
      m = m.replace(address.password(), "***");
    }
    return m.replace('\n', ' ');
  }
}
