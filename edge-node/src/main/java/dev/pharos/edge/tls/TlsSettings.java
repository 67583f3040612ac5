package dev.pharos.edge.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTPS listener's settings.
 *
 * @param port            the HTTPS port, 0..65535; 0 picks a free port
 * @param certDir         the folder of {@code NAME.crt} + {@code NAME.key} PEM pairs
 * @param defaultCert     the {@code NAME} of the pair served to clients that send no SNI, or a name no certificate
 *                        has; null serves the first pair in alphabetical order of {@code NAME}
 * @param reloadInterval  how often the folder is checked for changed, added or removed pairs
 */
public record TlsSettings(int port, Path certDir, String defaultCert, Duration reloadInterval) {

  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

  public TlsSettings {
    Objects.requireNonNull(certDir, "certDir");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }
}
