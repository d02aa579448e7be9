package dev.vigil.server.remote;

import dev.vigil.server.model.Labels;

/** A series as a queue sends it: labels after external labels and relabelling, pre-encoded. */
final class SeriesEntry {
  final Labels labels;
  /** The TimeSeries' label fields, copied into each request instead of re-encoded. */
  final byte[] labelFields;

  SeriesEntry(Labels labels) {
    this.labels = labels;
    this.labelFields = Prompb.labelFields(labels);
  }
}
