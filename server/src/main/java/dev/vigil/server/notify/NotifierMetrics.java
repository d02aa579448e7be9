package dev.vigil.server.notify;

import dev.vigil.client.core.Counter;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.core.Summary;
import dev.vigil.client.model.Registry;
import java.util.function.DoubleSupplier;

/**
 * The notifier's self-metrics, named, typed and labelled as Prometheus names them; the
 * {@code alertmanager} label is the URL alerts are posted to.
 */
final class NotifierMetrics {
  final Counter sent;
  final Counter errors;
  final Counter dropped;
  final Summary latency;

  NotifierMetrics(Registry registry, DoubleSupplier queueLength, DoubleSupplier capacity,
      DoubleSupplier discovered) {
    sent = Counter.builder().name("prometheus_notifications_sent_total")
        .help("Total number of alerts sent.").labelNames("alertmanager").register(registry);
    errors = Counter.builder().name("prometheus_notifications_errors_total")
        .help("Total number of sent alerts affected by errors.").labelNames("alertmanager")
        .register(registry);
    dropped = Counter.builder().name("prometheus_notifications_dropped_total")
        .help("Total number of alerts dropped due to errors when sending to Alertmanager.")
        .register(registry);
    latency = Summary.builder().name("prometheus_notifications_latency_seconds")
        .help("Latency quantiles for sending alert notifications.").labelNames("alertmanager")
        .quantile(0.5).quantile(0.9).quantile(0.99).register(registry);
    GaugeWithCallback.builder().name("prometheus_notifications_queue_length")
        .help("The number of alert notifications in the queue.").value(queueLength)
        .register(registry);
    GaugeWithCallback.builder().name("prometheus_notifications_queue_capacity")
        .help("The capacity of the alert notifications queue.").value(capacity)
        .register(registry);
    GaugeWithCallback.builder().name("prometheus_notifications_alertmanagers_discovered")
        .help("The number of alertmanagers discovered and active.").value(discovered)
        .register(registry);
  }
}
