package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.template.GoTemplate;
import dev.vigil.server.template.PrometheusTemplates;
import dev.vigil.server.template.TemplateException;
import java.util.ArrayList;
import java.util.List;

/**
 * Alert label and annotation templates with Prometheus's template language and functions
 * ({@code query}, {@code humanize}, ...), as {@link TemplateFactory#PROMETHEUS} makes them.
 * Thread-safe.
 */
final class PrometheusTemplateExpander implements TemplateExpander {
  /** The variables Prometheus defines before every alert template. */
  private static final String PREAMBLE = "{{$labels := .Labels}}{{$externalLabels := "
      + ".ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

  private final PrometheusTemplates templates;

  PrometheusTemplateExpander(QueryFunction query, String externalUrl) {
    PrometheusTemplates.QueryFunc q = query == null ? null : (expr, t) -> {
      List<PrometheusTemplates.QuerySample> out = new ArrayList<>();
      for (Sample s : query.query(expr, t)) {
        out.add(new PrometheusTemplates.QuerySample(s.labels(), s.v()));
      }
      return out;
    };
    this.templates = new PrometheusTemplates(q, externalUrl, null);
  }

  @Override
  public String expand(String name, String text, Labels labels, Labels externalLabels,
      double value, long evalTimeMillis) throws TemplateException {
    return templates.expandAlert(name, text, labels, externalLabels, value, evalTimeMillis);
  }

  @Override
  public void check(String name, String text) throws TemplateException {
    GoTemplate.parse(name, PREAMBLE + text, templates.funcs(0));
  }
}
