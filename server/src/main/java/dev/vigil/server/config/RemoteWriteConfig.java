package dev.vigil.server.config;

import dev.vigil.server.relabel.RelabelConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@code remote_write} entry. Its HTTP client defaults to {@code enable_http2: false}.
 *
 * @param name null when unset; unique among remote write configs when set
 */
public record RemoteWriteConfig(
    String url,
    String name,
    String protobufMessage,
    Duration remoteTimeout,
    Map<String, String> headers,
    List<RelabelConfig> writeRelabelConfigs,
    boolean sendExemplars,
    boolean sendNativeHistograms,
    boolean roundRobinDns,
    QueueConfig queueConfig,
    MetadataConfig metadataConfig,
    HttpClientConfig http) {

  public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofSeconds(30);
  public static final String PROTOBUF_V1 = "prometheus.WriteRequest";
  public static final String PROTOBUF_V2 = "io.prometheus.write.v2.Request";

  public RemoteWriteConfig {
    headers = Copies.map(headers);
    writeRelabelConfigs = List.copyOf(writeRelabelConfigs);
  }

  /** {@code queue_config}, every field defaulted as in the spec. */
  public record QueueConfig(
      int capacity,
      int maxShards,
      int minShards,
      int maxSamplesPerSend,
      Duration batchSendDeadline,
      Duration minBackoff,
      Duration maxBackoff,
      boolean retryOnHttp429,
      Duration sampleAgeLimit) {
    public static final QueueConfig DEFAULT = new QueueConfig(10000, 50, 1, 2000,
        Duration.ofSeconds(5), Duration.ofMillis(30), Duration.ofSeconds(5), false, Duration.ZERO);
  }

  /** {@code metadata_config}. */
  public record MetadataConfig(boolean send, Duration sendInterval, int maxSamplesPerSend) {
    public static final MetadataConfig DEFAULT =
        new MetadataConfig(true, Duration.ofMinutes(1), 2000);
  }
}
