package dev.vigil.server.alerting;

import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import java.util.List;
import java.util.Set;

/**
 * Builds integrations from the {@code <type>_configs} entries of {@code alertmanager.yml}'s
 * receivers. Configuration loading calls it for every entry, so a bad entry is refused when the
 * file is loaded, with file, line and field, and the running configuration stays.
 */
public interface IntegrationFactory {
  /** The types it builds, without {@code _configs}: {@code slack}, {@code webhook}, {@code email}. */
  Set<String> types();

  /**
   * Parses and validates one entry.
   *
   * @param receiver the receiver's name, for messages
   * @param type one of {@link #types()}
   * @param index the entry's position in its list, from 0
   * @param entry the entry's YAML mapping
   * @param global the file's {@code global} section (an empty mapping when absent), for defaults
   *     such as {@code slack_api_url}, {@code smtp_smarthost} and {@code resolve_timeout}
   * @param templateFiles the files the {@code templates} globs matched, absolute, in order; their
   *     definitions override the built-in defaults of the same name
   * @param ctx where problems go, with {@code path} (e.g. {@code receivers[2].slack_configs[0]})
   * @return the integration, or null when the entry had problems (recorded in {@code ctx})
   */
  Integration create(String receiver, String type, int index, Node.Mapping entry,
      Node.Mapping global, List<String> templateFiles, ParseContext ctx, String path);
}
