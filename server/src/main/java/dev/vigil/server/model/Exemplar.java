package dev.vigil.server.model;

/**
 * One exemplar: a sample of a trace (its labels, often {@code trace_id}) attached to a series'
 * sample. Immutable.
 *
 * @param labels the exemplar's own labels, possibly empty; never the series' labels
 * @param timestampMillis when it was observed (the scrape's time when the exposition gave none)
 */
public record Exemplar(Labels labels, double value, long timestampMillis) {
  /** Same labels, timestamp and value (bit for bit, so two NaNs are equal). */
  public boolean sameAs(Labels l, double v, long t) {
    return timestampMillis == t && Double.doubleToLongBits(value) == Double.doubleToLongBits(v)
        && labels.equals(l);
  }
}
