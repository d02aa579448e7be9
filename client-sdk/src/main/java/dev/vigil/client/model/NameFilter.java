package dev.vigil.client.model;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Filters families by the names a scraper asks for ({@code ?name[]=...}). A requested name
 * matches a family by its base name or by any sample name the formats write for it, so
 * {@code http_requests_total} selects the counter {@code http_requests}.
 */
public final class NameFilter implements Predicate<String> {
  private static final String[] SUFFIXES = {
    "_total", "_created", "_bucket", "_count", "_sum", "_info", "_gcount", "_gsum"
  };

  private final Set<String> names;

  private NameFilter(Set<String> names) {
    this.names = names;
  }

  /** Accepts every family when {@code requested} is null or empty. */
  public static Predicate<String> of(Collection<String> requested) {
    if (requested == null || requested.isEmpty()) {
      return name -> true;
    }
    return new NameFilter(new HashSet<>(requested));
  }

  @Override
  public boolean test(String baseName) {
    if (names.contains(baseName)) {
      return true;
    }
    for (String suffix : SUFFIXES) {
      if (names.contains(baseName + suffix)) {
        return true;
      }
    }
    return false;
  }
}
