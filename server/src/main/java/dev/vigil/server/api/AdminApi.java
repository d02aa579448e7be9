package dev.vigil.server.api;

import dev.vigil.server.promql.parser.Printer;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.tsdb.Tsdb;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * The TSDB admin endpoints under {@code /api/v1/admin/tsdb/}: {@code delete_series},
 * {@code clean_tombstones}, {@code snapshot}. Without {@code --web.enable-admin-api} they answer
 * as Prometheus does: 503 {@code unavailable}, "admin APIs disabled".
 */
public final class AdminApi {
  private static final DateTimeFormatter SNAPSHOT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Tsdb tsdb;
  private final boolean enabled;
  private final Function<String, List<Matcher>> selectors;

  public AdminApi(Tsdb tsdb, boolean enabled, Function<String, List<Matcher>> selectors) {
    this.tsdb = tsdb;
    this.enabled = enabled;
    this.selectors = selectors;
  }

  public ApiResponse deleteSeries(ApiRequest r) throws ApiException {
    checkEnabled();
    List<String> selectorTexts = r.all("match[]");
    if (selectorTexts.isEmpty()) {
      throw ApiException.badData("no match[] parameter provided");
    }
    long start = ApiParams.time(r, "start", ApiParams.MIN_TIME);
    long end = ApiParams.time(r, "end", ApiParams.MAX_TIME);
    // Every selector is checked before anything is deleted, the match-everything ones included.
    for (Matcher[] ms : ApiParams.matchers(r, selectors)) {
      try {
        tsdb.delete(start, end, ms);
      } catch (IOException | IllegalArgumentException e) {
        throw new ApiException(ApiException.Type.INTERNAL, e.getMessage());
      }
    }
    return ApiResponse.empty();
  }

  public ApiResponse cleanTombstones(ApiRequest r) throws ApiException {
    checkEnabled();
    try {
      tsdb.cleanTombstones();
    } catch (IOException e) {
      throw new ApiException(ApiException.Type.INTERNAL, e.getMessage());
    }
    return ApiResponse.empty();
  }

  public ApiResponse snapshot(ApiRequest r) throws ApiException {
    checkEnabled();
    boolean skipHead = false;
    String v = r.get("skip_head");
    if (!v.isEmpty()) {
      Boolean b = parseBool(v);
      if (b == null) {
        throw ApiException.badData("unable to parse boolean 'skip_head' argument: "
            + "strconv.ParseBool: parsing " + Printer.quote(v) + ": invalid syntax");
      }
      skipHead = b;
    }
    String name = SNAPSHOT_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
        + String.format("%016x", RANDOM.nextLong() & Long.MAX_VALUE);
    Path dir = tsdb.dir().resolve("snapshots").resolve(name);
    try {
      tsdb.snapshot(dir, !skipHead);
    } catch (IOException | RuntimeException e) {
      throw new ApiException(ApiException.Type.INTERNAL, "create snapshot: " + e.getMessage());
    }
    return ApiResponse.of(g -> {
      g.writeStartObject();
      g.writeStringField("name", name);
      g.writeEndObject();
    });
  }

  private void checkEnabled() throws ApiException {
    if (!enabled) {
      throw new ApiException(ApiException.Type.UNAVAILABLE, "admin APIs disabled");
    }
  }

  /** Go's {@code strconv.ParseBool}: null when the text is none of its spellings. */
  static Boolean parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
      default -> null;
    };
  }
}
