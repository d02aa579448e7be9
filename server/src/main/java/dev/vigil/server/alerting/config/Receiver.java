package dev.vigil.server.alerting.config;

import dev.vigil.server.alerting.Integration;
import java.util.List;

/**
 * A named set of integrations. An empty list is allowed, as in Alertmanager: alerts routed to
 * it are dropped (a "null" receiver).
 *
 * @param integrations in file order: all entries of the first {@code <type>_configs} key, then
 *     the next key's, and so on
 */
public record Receiver(String name, List<Integration> integrations) {
  public Receiver {
    integrations = List.copyOf(integrations);
  }
}
