package dev.vigil.server.alerting;

import dev.vigil.server.model.Labels;
import java.util.List;

/**
 * What one notification is about: one alert group as routed to one receiver, at the moment it
 * is sent. Alertmanager's template data and webhook payload are both built from it.
 *
 * @param receiver the receiver's name
 * @param groupKey identifies the group for deduplication, e.g. {@code {}/{env="prod"}:{alertname="Down"}}
 * @param groupLabels the labels the route groups by, with the group's values
 * @param alerts the group's alerts, firing and resolved, in a stable order (by start time,
 *     then fingerprint); integrations that send no resolved alerts get only the firing ones
 * @param commonLabels labels all alerts share
 * @param commonAnnotations annotations all alerts share
 * @param externalUrl the Alertmanager's URL for links back
 * @param truncatedAlerts how many alerts were left out for a size limit (webhook {@code max_alerts})
 */
public record NotificationData(String receiver, String groupKey, Labels groupLabels,
    List<AlertData> alerts, Labels commonLabels, Labels commonAnnotations, String externalUrl,
    int truncatedAlerts) {

  public NotificationData {
    alerts = List.copyOf(alerts);
  }

  /** {@code firing} when any alert fires, else {@code resolved}, as Alertmanager reports it. */
  public String status() {
    for (AlertData a : alerts) {
      if (!a.resolved()) {
        return "firing";
      }
    }
    return "resolved";
  }

  /**
   * One alert in a notification.
   *
   * @param resolved whether it had ended when the notification was built
   * @param startsAtMillis Unix milliseconds
   * @param endsAtMillis Unix milliseconds; 0 when unset
   * @param fingerprint Alertmanager's 16-hex-digit fingerprint of the labels
   */
  public record AlertData(boolean resolved, Labels labels, Labels annotations,
      long startsAtMillis, long endsAtMillis, String generatorUrl, String fingerprint) {
    public String status() {
      return resolved ? "resolved" : "firing";
    }
  }
}
