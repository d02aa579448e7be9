package dev.vigil.server.alerting;

import dev.vigil.client.core.Counter;
import dev.vigil.client.core.Gauge;
import dev.vigil.client.core.Histogram;
import dev.vigil.client.model.Registry;

/**
 * The notification side's self-metrics, named as Alertmanager names them so dashboards made for
 * it work unchanged. The alert, silence and group gauges are callbacks registered by
 * {@link Alertmanager}.
 */
final class AlertingMetrics {
  /** Notifications to send (one per integration and flush that had something new). */
  final Counter notifications;
  /** Notifications given up on, by reason. */
  final Counter notificationsFailed;
  /** Every delivery attempt, retries included. */
  final Counter requests;
  final Counter requestsFailed;
  final Histogram latency;
  final Gauge reloadSuccess;
  final Gauge reloadTimestamp;

  AlertingMetrics(Registry registry) {
    notifications = Counter.builder().name("alertmanager_notifications_total")
        .help("The total number of attempted notifications.")
        .labelNames("integration").register(registry);
    notificationsFailed = Counter.builder().name("alertmanager_notifications_failed_total")
        .help("The total number of failed notifications.")
        .labelNames("integration", "reason").register(registry);
    requests = Counter.builder().name("alertmanager_notification_requests_total")
        .help("The total number of attempted notification requests.")
        .labelNames("integration").register(registry);
    requestsFailed = Counter.builder().name("alertmanager_notification_requests_failed_total")
        .help("The total number of failed notification requests.")
        .labelNames("integration").register(registry);
    latency = Histogram.builder().name("alertmanager_notification_latency_seconds")
        .help("The latency of notifications in seconds.")
        .buckets(1, 5, 10, 15, 20)
        .labelNames("integration").register(registry);
    reloadSuccess = Gauge.builder().name("alertmanager_config_last_reload_successful")
        .help("Whether the last configuration reload attempt was successful.")
        .register(registry);
    reloadTimestamp = Gauge.builder()
        .name("alertmanager_config_last_reload_success_timestamp_seconds")
        .help("Timestamp of the last successful configuration reload.")
        .register(registry);
  }

  /** Makes the per-integration series exist at 0, as Alertmanager does at start. */
  void initIntegration(String type) {
    notifications.labelValues(type);
    requests.labelValues(type);
    requestsFailed.labelValues(type);
  }
}
