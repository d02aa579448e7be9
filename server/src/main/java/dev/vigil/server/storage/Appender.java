package dev.vigil.server.storage;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;

/**
 * One batch of samples, used by one thread. Samples become visible together on
 * {@link #commit()} or are dropped together on {@link #rollback()}; after either, the appender
 * must not be used again.
 */
public interface Appender {
  /**
   * Adds a sample. Expected rejections (out of order, duplicate timestamp with another value,
   * too old) are not exceptions: the sample is skipped and counted, and {@link #rejected()} says
   * how many.
   *
   * @param ref a reference this appender returned earlier for the same labels, or 0
   * @param labels the series, including {@code __name__}; always required, though not compared
   *     when {@code ref} is valid: a ref can go stale (the storage dropped the series), and then
   *     the labels find or create the series again
   * @return a reference the caller may cache for these labels (0 if it has none)
   */
  long append(long ref, Labels labels, long timestampMillis, double value);

  /**
   * Adds a native histogram sample, in the same batch and order as {@link #append}. A storage
   * that cannot keep histograms refuses them with an exception rather than dropping them
   * silently; the in-memory head takes them, a head with a WAL does not yet (the WAL has no
   * histogram record).
   *
   * @throws UnsupportedOperationException when this storage does not take native histograms
   */
  default long appendHistogram(long ref, Labels labels, long timestampMillis, FloatHistogram h) {
    throw new UnsupportedOperationException("this storage does not take native histograms");
  }

  /**
   * Adds an exemplar of a series whose sample this batch appended just before (so {@code ref}
   * and {@code labels} are those of that append). It becomes visible on {@link #commit()} like
   * the samples. Exemplars a storage keeps no room for, duplicates of the series' newest one and
   * out of order ones are skipped (and counted where the storage counts them), never thrown.
   * The default ignores exemplars: storages that do not keep them need do nothing.
   *
   * @param exemplarLabels the exemplar's own labels (often {@code trace_id}), possibly empty
   * @param timestampMillis the exemplar's time; callers put the sample's time when it had none
   * @param hasTimestamp false when {@code timestampMillis} is the sample's time: the exemplar is
   *     then a repeat of the series' newest one when labels and value match, whatever the times
   */
  default void appendExemplar(long ref, Labels labels, Labels exemplarLabels,
      long timestampMillis, double value, boolean hasTimestamp) {}

  /**
   * Whether {@link #appendExemplar} keeps anything, so a caller can skip building exemplar
   * labels that would be dropped.
   */
  default boolean takesExemplars() {
    return false;
  }

  /**
   * The storage's own instance of {@code labels}, the series behind {@code ref} (a ref this
   * appender just returned), or {@code labels} itself when it keeps none. A caller that caches
   * labels per series (the scrape loop) holds this one, so a series' labels are in memory once.
   */
  default Labels canonical(long ref, Labels labels) {
    return labels;
  }

  /** Makes every sample of the batch visible at once. */
  void commit();

  /** Drops the batch. */
  void rollback();

  /** Series this batch created in the storage so far (0 when the storage does not say). */
  default int seriesCreated() {
    return 0;
  }

  /** Samples of this batch skipped so far as out of order, duplicate or too old. */
  default int rejected() {
    return 0;
  }
}
