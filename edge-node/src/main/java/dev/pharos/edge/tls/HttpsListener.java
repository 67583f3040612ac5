package dev.pharos.edge.tls;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.util.Objects;

/**
 * The HTTPS listener of an edge node: its port and the certificates it starts with. It negotiates HTTP/2 or HTTP/1.1
 * by ALPN and accepts only {@link TlsPolicy}'s protocol versions and cipher suites. TLS runs on BoringSSL (netty-tcnative)
 * where its native library loads, several times faster than the JDK's engine, and on the JDK's engine elsewhere.
 *
 * @param port 0..65535; 0 picks a free port, the same for every verticle instance
 */
public record HttpsListener(int port, ServerCertificates certificates) {

  public HttpsListener {
    Objects.requireNonNull(certificates, "certificates");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  /** Turns TLS on in {@code options}, with these certificates. */
  public HttpServerOptions secure(HttpServerOptions options) {
    options.setSsl(true).setUseAlpn(true).setSni(true).setSslEngineOptions(engine());
    options.setKeyCertOptions(certificates).setEnabledSecureTransportProtocols(TlsPolicy.PROTOCOLS);
    TlsPolicy.CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return options;
  }

  /** The engine TLS runs on: BoringSSL when its native library loads here, else the JDK's. */
  public static SSLEngineOptions engine() {
    return OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
  }

  /** What a running listener is given to serve {@code next} to new connections. */
  public static ServerSSLOptions sslOptions(ServerCertificates next) {
    ServerSSLOptions options = new ServerSSLOptions().setSni(true).setKeyCertOptions(next)
      .setEnabledSecureTransportProtocols(TlsPolicy.PROTOCOLS).setUseAlpn(true);
    TlsPolicy.CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return options;
  }
}
