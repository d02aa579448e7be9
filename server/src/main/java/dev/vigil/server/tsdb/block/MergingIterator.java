package dev.vigil.server.tsdb.block;

import dev.vigil.server.storage.SampleIterator;
import java.util.List;

/**
 * The samples of several iterators of one series as one, in time order: overlapping parts (a
 * backfilled block over another, a block and the head during a swap) interleave instead of being
 * cut off. At a timestamp present in several parts the earliest part in the list wins and the
 * others are skipped. A linear scan over the parts picks the next sample: there are a handful,
 * so it beats a heap, and nothing is allocated per sample.
 */
public final class MergingIterator implements SampleIterator {
  private final SampleIterator[] its;
  /** Per part: whether it stands on a sample not yet returned (or the current one). */
  private final boolean[] valid;
  private int cur = -1;
  private boolean started;

  public MergingIterator(List<SampleIterator> parts) {
    its = parts.toArray(new SampleIterator[0]);
    valid = new boolean[its.length];
  }

  private boolean pick() {
    cur = -1;
    for (int i = 0; i < its.length; i++) {
      if (valid[i] && (cur < 0 || its[i].atT() < its[cur].atT())) {
        cur = i;
      }
    }
    return cur >= 0;
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      for (int i = 0; i < its.length; i++) {
        valid[i] = its[i].next();
      }
      return pick();
    }
    if (cur < 0) {
      return false;
    }
    long t = its[cur].atT();
    // Moves every part standing on the returned timestamp: the winner and its duplicates.
    for (int i = 0; i < its.length; i++) {
      if (valid[i] && its[i].atT() == t) {
        valid[i] = its[i].next();
      }
    }
    return pick();
  }

  @Override
  public boolean seek(long t) {
    if (started && cur < 0) {
      return false;
    }
    if (started && its[cur].atT() >= t) {
      return true;
    }
    for (int i = 0; i < its.length; i++) {
      if (!started || (valid[i] && its[i].atT() < t)) {
        valid[i] = its[i].seek(t);
      }
    }
    started = true;
    return pick();
  }

  @Override
  public long atT() {
    return its[cur].atT();
  }

  @Override
  public double atV() {
    return its[cur].atV();
  }

  @Override
  public boolean mayHaveHistograms() {
    for (SampleIterator it : its) {
      if (it.mayHaveHistograms()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public dev.vigil.server.model.FloatHistogram atHistogram() {
    return its[cur].atHistogram();
  }
}
