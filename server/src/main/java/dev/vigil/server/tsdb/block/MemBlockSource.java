package dev.vigil.server.tsdb.block;

import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link BlockSource} over series added in any order; sorts them by labels. */
public final class MemBlockSource implements BlockSource {
  private final TreeMap<Labels, List<Chunk>> series = new TreeMap<>();
  private Iterator<Map.Entry<Labels, List<Chunk>>> it;
  private Map.Entry<Labels, List<Chunk>> cur;

  /** Adds a series; adding the same labels again appends the chunks. */
  public MemBlockSource add(Labels labels, List<? extends Chunk> chunks) {
    if (it != null) {
      throw new IllegalStateException("add after iteration started");
    }
    series.computeIfAbsent(labels, l -> new ArrayList<>()).addAll(chunks);
    return this;
  }

  @Override
  public boolean next() {
    if (it == null) {
      it = series.entrySet().iterator();
    }
    cur = it.hasNext() ? it.next() : null;
    return cur != null;
  }

  @Override
  public Labels labels() {
    return cur.getKey();
  }

  @Override
  public List<Chunk> chunks() {
    return cur.getValue();
  }
}
