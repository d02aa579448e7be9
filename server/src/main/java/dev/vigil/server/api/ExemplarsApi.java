package dev.vigil.server.api;

import dev.vigil.server.model.Exemplar;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.promql.functions.FloatFormat;
import dev.vigil.server.promql.parser.Expr;
import dev.vigil.server.promql.parser.Exprs;
import dev.vigil.server.promql.parser.ParseException;
import dev.vigil.server.promql.parser.PromQL;
import dev.vigil.server.promql.parser.VectorSelector;
import dev.vigil.server.storage.ExemplarQueryable;
import dev.vigil.server.storage.ExemplarQueryable.SeriesExemplars;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/query_exemplars?query=&start=&end=}: the exemplars of every series a selector of
 * the query selects, as Prometheus answers it: {@code [{seriesLabels, exemplars: [{labels,
 * value, timestamp}]}]}, value as a string and timestamp in seconds. A query without selectors
 * ({@code 1+1}) answers {@code null}, as Prometheus does.
 */
public final class ExemplarsApi {
  private final ExemplarQueryable exemplars;

  public ExemplarsApi(ExemplarQueryable exemplars) {
    this.exemplars = exemplars;
  }

  public ApiResponse queryExemplars(ApiRequest r) throws ApiException {
    long start = ApiParams.time(r, "start", ApiParams.MIN_TIME);
    long end = ApiParams.time(r, "end", ApiParams.MAX_TIME);
    if (end < start) {
      throw ApiException.badData("end timestamp must not be before start timestamp");
    }
    Expr expr;
    try {
      expr = PromQL.parse(r.get("query"));
    } catch (ParseException | IllegalArgumentException e) {
      throw ApiException.badData(e.getMessage());
    }
    List<Matcher[]> selectors = new ArrayList<>();
    for (VectorSelector v : Exprs.selectors(expr)) {
      selectors.add(v.matchers().toArray(new Matcher[0]));
    }
    if (selectors.isEmpty()) {
      return ApiResponse.of(g -> g.writeNull());
    }
    List<SeriesExemplars> found = exemplars.selectExemplars(start, end, selectors);
    return ApiResponse.of(g -> {
      StringBuilder sb = new StringBuilder();
      g.writeStartArray();
      for (SeriesExemplars s : found) {
        g.writeStartObject();
        g.writeFieldName("seriesLabels");
        ApiJson.labels(g, s.seriesLabels());
        g.writeArrayFieldStart("exemplars");
        for (Exemplar e : s.exemplars()) {
          g.writeStartObject();
          g.writeFieldName("labels");
          ApiJson.labels(g, e.labels());
          sb.setLength(0);
          FloatFormat.appendApi(sb, e.value());
          g.writeStringField("value", sb.toString());
          sb.setLength(0);
          QueryJson.appendTimestamp(sb, e.timestampMillis());
          g.writeFieldName("timestamp");
          g.writeNumber(sb.toString());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }
}
