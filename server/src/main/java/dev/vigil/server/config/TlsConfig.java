package dev.vigil.server.config;

/**
 * The spec's {@code <tls_config>}. Inline PEM ({@code ca}, {@code cert}, {@code key}) and file
 * forms are exclusive per item. Unset strings are null.
 *
 * @param minVersion TLS10, TLS11, TLS12 or TLS13; null for the default (TLS 1.2)
 * @param maxVersion as minVersion; null for the default (TLS 1.3)
 */
public record TlsConfig(
    String ca,
    String caFile,
    String cert,
    String certFile,
    String key,
    String keyFile,
    String serverName,
    boolean insecureSkipVerify,
    String minVersion,
    String maxVersion) {

  public static final TlsConfig DEFAULT =
      new TlsConfig(null, null, null, null, null, null, null, false, null, null);
}
