package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;

/**
 * What one group evaluation gives its rules. Immutable.
 *
 * @param queryTime the evaluation time minus the group's query offset: what rules query at and
 *     the timestamp of the samples they produce
 * @param limit the group's limit, 0 for none
 * @param templateErrors collects template expansion errors of this evaluation (one rule at a
 *     time, so a plain list is enough)
 */
record EvalContext(QueryFunction query, TemplateExpander templates, Labels externalLabels,
    long queryTime, int limit, java.util.List<String> templateErrors) {}
