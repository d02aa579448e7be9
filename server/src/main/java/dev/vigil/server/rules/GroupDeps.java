package dev.vigil.server.rules;

import dev.vigil.server.model.AlertSink;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appendable;

/** What every group of one configuration shares. Immutable. */
record GroupDeps(QueryFunction query, Appendable storage, AlertSink sink,
    TemplateExpander templates, RuleOptions options, Labels externalLabels, RuleMetrics metrics) {}
