package dev.vigil.server.promql.script;

import dev.vigil.server.model.Labels;

/** A series and its expanded points, as written on one line of a {@code load} or {@code eval}. */
record SeriesLine(int line, Labels labels, Points points) {}
