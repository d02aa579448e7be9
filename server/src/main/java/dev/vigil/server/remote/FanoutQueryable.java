package dev.vigil.server.remote;

import dev.vigil.server.config.Config;
import dev.vigil.server.config.RemoteReadConfig;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local storage plus the {@code remote_read} endpoints as one {@link Queryable}, so PromQL sees
 * both. Without endpoints it hands out the local querier untouched. With endpoints, each select
 * asks every applicable endpoint and merges by series: samples at the same timestamp are taken
 * from local storage. An endpoint that fails is logged and left out of that query (the local
 * data still answers), as Prometheus turns remote read errors into warnings.
 */
public final class FanoutQueryable implements Queryable {
  private static final Logger LOG = LoggerFactory.getLogger(FanoutQueryable.class);

  private final Queryable local;
  private final LongSupplier localMinTime;
  private volatile List<ReadClient> remotes = List.of();
  private volatile Labels externalLabels = Labels.EMPTY;
  private List<RemoteReadConfig> configs = List.of();

  /**
   * @param localMinTime the oldest timestamp local storage holds (Long.MAX_VALUE when empty);
   *     endpoints without {@code read_recent} are only asked for times before it
   */
  public FanoutQueryable(Queryable local, LongSupplier localMinTime) {
    this.local = local;
    this.localMinTime = localMinTime;
  }

  /** Follows the configuration's {@code remote_read} section. */
  public synchronized void applyConfig(Config config) throws IOException,
      GeneralSecurityException {
    externalLabels = config.global().externalLabels();
    if (config.remoteRead().equals(configs)) {
      return;
    }
    List<ReadClient> next = new ArrayList<>();
    for (RemoteReadConfig c : config.remoteRead()) {
      next.add(new ReadClient(c));
    }
    remotes = List.copyOf(next);
    configs = config.remoteRead();
  }

  @Override
  public Querier querier(long mint, long maxt) {
    Querier q = local.querier(mint, maxt);
    List<ReadClient> rs = remotes;
    return rs.isEmpty() ? q : new Merging(q, rs, mint, maxt);
  }

  private final class Merging implements Querier {
    private final Querier localQuerier;
    private final List<ReadClient> clients;
    private final long mint;
    private final long maxt;

    Merging(Querier localQuerier, List<ReadClient> clients, long mint, long maxt) {
      this.localQuerier = localQuerier;
      this.clients = clients;
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public SeriesSet select(boolean sorted, Matcher... matchers) {
      Map<Labels, TreeMap<Long, Double>> merged = new TreeMap<>();
      long oldestLocal = localMinTime.getAsLong();
      for (ReadClient c : clients) {
        if (!c.applies(matchers)) {
          continue;
        }
        long end = c.config.readRecent() ? maxt : Math.min(maxt, oldestLocal - 1);
        if (end < mint) {
          continue;
        }
        try {
          for (Prompb.Series s : c.read(mint, end, matchers, externalLabels)) {
            TreeMap<Long, Double> m = merged.computeIfAbsent(s.labels(), k -> new TreeMap<>());
            for (int i = 0; i < s.timestamps().length; i++) {
              m.putIfAbsent(s.timestamps()[i], s.values()[i]);
            }
          }
        } catch (IOException e) {
          LOG.warn("remote read from {} failed; answering without it: {}", c.config.url(),
              e.getMessage());
        }
      }
      SeriesSet set = localQuerier.select(false, matchers);
      while (set.next()) {
        TreeMap<Long, Double> m = merged.computeIfAbsent(set.labels(), k -> new TreeMap<>());
        SampleIterator it = set.iterator();
        while (it.next()) {
          m.put(it.atT(), it.atV()); // local wins a tie
        }
      }
      return new MapSeriesSet(merged);
    }

    @Override
    public List<String> labelNames(Matcher... matchers) {
      return localQuerier.labelNames(matchers);
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
      return localQuerier.labelValues(name, matchers);
    }

    @Override
    public void close() {
      localQuerier.close();
    }
  }

  /** Series from a sorted map, for merged results. */
  static final class MapSeriesSet implements SeriesSet {
    private final Iterator<Map.Entry<Labels, TreeMap<Long, Double>>> it;
    private Map.Entry<Labels, TreeMap<Long, Double>> cur;

    MapSeriesSet(Map<Labels, TreeMap<Long, Double>> m) {
      this.it = m.entrySet().iterator();
    }

    @Override
    public boolean next() {
      while (it.hasNext()) {
        cur = it.next();
        if (!cur.getValue().isEmpty()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Labels labels() {
      return cur.getKey();
    }

    @Override
    public SampleIterator iterator() {
      TreeMap<Long, Double> m = cur.getValue();
      long[] ts = new long[m.size()];
      double[] vs = new double[m.size()];
      int i = 0;
      for (Map.Entry<Long, Double> e : m.entrySet()) {
        ts[i] = e.getKey();
        vs[i++] = e.getValue();
      }
      return new ArraySampleIterator(ts, vs);
    }
  }

  static final class ArraySampleIterator implements SampleIterator {
    private final long[] ts;
    private final double[] vs;
    private int i = -1;

    ArraySampleIterator(long[] ts, double[] vs) {
      this.ts = ts;
      this.vs = vs;
    }

    @Override
    public boolean next() {
      return ++i < ts.length;
    }

    @Override
    public boolean seek(long t) {
      if (i < 0) {
        i = 0;
      }
      while (i < ts.length && ts[i] < t) {
        i++;
      }
      return i < ts.length;
    }

    @Override
    public long atT() {
      return ts[i];
    }

    @Override
    public double atV() {
      return vs[i];
    }
  }
}
