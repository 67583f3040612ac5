package dev.pharos.edge.proxy;

import dev.pharos.edge.compression.CompressionSettings;
import dev.pharos.edge.limits.ListenerLimits;

import java.util.Objects;

/**
 * How an edge node listens and talks to upstream targets. Immutable; every {@link EdgeVerticle} instance of a node
 * shares one.
 *
 * @param host                     the address the HTTP listener binds, default {@value #DEFAULT_HOST}
 * @param httpPort                 the HTTP listener's port, 0..65535; 0 picks a free port, the same for every
 *                                 instance (see {@link EdgeVerticle#actualPort()})
 * @param nodeName                 sent to clients as {@code X-Served-By}; visible ASCII, at most
 *                                 {@value #MAX_NODE_NAME_LENGTH} characters
 * @param maxConnectionsPerTarget  open connections to one target, per event loop, default
 *                                 {@value #DEFAULT_MAX_CONNECTIONS_PER_TARGET}
 * @param maxPendingPerTarget      requests waiting for a connection to one target, per event loop, default
 *                                 {@value #DEFAULT_MAX_PENDING_PER_TARGET}; past it a request answers 503 (0: none
 *                                 waits)
 * @param limits                   what a client may ask of the listener, default {@link ListenerLimits#DEFAULTS}
 * @param trustedProxies           clients whose forwarding headers are kept, default {@link TrustedProxies#NONE}
 * @param compression              which responses are compressed, default {@link CompressionSettings#DEFAULTS}
 * @param proxyProtocol            whether the listener expects a PROXY protocol header (v1 or v2) first on every
 *                                 connection and takes the client's address from it, default false
 */
public record ProxySettings(String host, int httpPort, String nodeName, int maxConnectionsPerTarget,
                            int maxPendingPerTarget, ListenerLimits limits, TrustedProxies trustedProxies,
                            CompressionSettings compression, boolean proxyProtocol) {

  /** Listen on every interface. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** The default HTTP listener port. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /**
   * Connections per target and event loop. Vert.x's own default of 5 queues requests behind a handful of slow
   * responses; 200 lets a loop keep as many requests in flight as a typical upstream accepts.
   */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_TARGET = 200;

  /**
   * Requests per target and event loop waiting for a pooled connection. Vert.x leaves this queue unbounded, so a
   * stalled target would hold requests (and their memory) until they time out; a bound sheds them early with 503.
   */
  public static final int DEFAULT_MAX_PENDING_PER_TARGET = 1000;

  public static final int MAX_NODE_NAME_LENGTH = 128;

  public ProxySettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    Objects.requireNonNull(compression, "compression");
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("httpPort: " + httpPort + " (expected: 0..65535)");
    }
    if (!HeaderValues.isToken(nodeName, MAX_NODE_NAME_LENGTH)) {
      throw new IllegalArgumentException("nodeName: '" + nodeName + "' (expected: 1.." + MAX_NODE_NAME_LENGTH
        + " visible ASCII characters)");
    }
    if (maxConnectionsPerTarget < 1) {
      throw new IllegalArgumentException("maxConnectionsPerTarget: " + maxConnectionsPerTarget + " (expected: >= 1)");
    }
    if (maxPendingPerTarget < 0) {
      throw new IllegalArgumentException("maxPendingPerTarget: " + maxPendingPerTarget + " (expected: >= 0)");
    }
  }

  /** Settings with the default host, pool sizes and limits. */
  public static ProxySettings of(int httpPort, String nodeName) {
    return new ProxySettings(DEFAULT_HOST, httpPort, nodeName, DEFAULT_MAX_CONNECTIONS_PER_TARGET,
      DEFAULT_MAX_PENDING_PER_TARGET, ListenerLimits.DEFAULTS,
      TrustedProxies.NONE, CompressionSettings.DEFAULTS, false);
  }

  public ProxySettings withHost(String host) {
    return new ProxySettings(host, httpPort, nodeName, maxConnectionsPerTarget, maxPendingPerTarget, limits,
      trustedProxies, compression, proxyProtocol);
  }

  public ProxySettings withMaxConnectionsPerTarget(int max) {
    return new ProxySettings(host, httpPort, nodeName, max, maxPendingPerTarget, limits, trustedProxies, compression,
      proxyProtocol);
  }

  public ProxySettings withMaxPendingPerTarget(int max) {
    return new ProxySettings(host, httpPort, nodeName, maxConnectionsPerTarget, max, limits, trustedProxies, compression,
      proxyProtocol);
  }

  public ProxySettings withLimits(ListenerLimits limits) {
    return new ProxySettings(host, httpPort, nodeName, maxConnectionsPerTarget, maxPendingPerTarget, limits,
      trustedProxies, compression, proxyProtocol);
  }

  public ProxySettings withTrustedProxies(TrustedProxies trustedProxies) {
    return new ProxySettings(host, httpPort, nodeName, maxConnectionsPerTarget, maxPendingPerTarget, limits,
      trustedProxies, compression, proxyProtocol);
  }

  public ProxySettings withCompression(CompressionSettings compression) {
    return new ProxySettings(host, httpPort, nodeName, maxConnectionsPerTarget, maxPendingPerTarget, limits,
      trustedProxies, compression, proxyProtocol);
  }

  public ProxySettings withProxyProtocol(boolean proxyProtocol) {
    return new ProxySettings(host, httpPort, nodeName, maxConnectionsPerTarget, maxPendingPerTarget, limits,
      trustedProxies, compression, proxyProtocol);
  }
}
