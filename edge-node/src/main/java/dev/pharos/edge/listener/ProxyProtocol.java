package dev.pharos.edge.listener;

import io.vertx.core.http.HttpServerOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The PROXY protocol (HAProxy's, versions 1 and 2) on a listener, for nodes behind an L4 load balancer that sends it.
 * Every connection must then begin with a PROXY header; one that does not, or sends a malformed one, is closed before
 * anything else is read. The source address it carries becomes the connection's remote address, and so the one the
 * edge uses everywhere it names the client: {@code X-Forwarded-For}, {@code trustedProxies}, the access log, the
 * per-client connection limit and {@code hashOn: ip}. A {@code LOCAL} header (a balancer's health check) or an
 * {@code UNKNOWN} one keeps the balancer's own address.
 *
 * <p>Vert.x parses the header with Netty's decoder from {@code netty-codec-haproxy}, a dependency of edge-node: without
 * that jar Vert.x would only log a warning and accept connections without the header.
 */
public final class ProxyProtocol {

  private ProxyProtocol() {
  }

  /**
   * Configures {@code options} to expect a PROXY header on every connection when {@code enabled}, or none otherwise.
   *
   * @param headerTimeout how long a connection may take to send its PROXY header before it is closed
   * @return {@code options}
   */
  public static HttpServerOptions configure(HttpServerOptions options, boolean enabled, Duration headerTimeout) {
    if (!enabled) {
      return options.setUseProxyProtocol(false);
    }
    return options.setUseProxyProtocol(true)
      .setProxyProtocolTimeout(headerTimeout.toMillis())
      .setProxyProtocolTimeoutUnit(TimeUnit.MILLISECONDS);
  }
}
