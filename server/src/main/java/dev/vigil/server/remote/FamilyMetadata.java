package dev.vigil.server.remote;

/**
 * One metric family's metadata as remote write sends it ({@code prompb.MetricMetadata}).
 *
 * @param type Prometheus's lower-case type name ({@code counter}, {@code gauge}, ...; anything
 *     else is sent as unknown)
 */
public record FamilyMetadata(String family, String type, String help, String unit) {}
