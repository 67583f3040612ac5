package dev.pharos.edge.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * What a client may ask of a node's public listener. Immutable.
 *
 * @param maxRequestLineBytes     longest request line (method, target, version); past it the edge answers 414
 * @param maxHeaderBytes          largest header block, every field line counted; past it the edge answers 431
 * @param maxHeaderCount          most header fields in one request; past it the edge answers 431
 * @param maxBodyBytes            largest request body forwarded, for routes that set no {@code maxBodyBytes} of their
 *                                own; past it the edge answers 413
 * @param headerTimeout           time from accepting a connection until its first request head is complete; past it
 *                                the connection is closed without an answer
 * @param idleTimeout             time a keep-alive connection may wait for its next request head to be complete, from
 *                                the end of the previous response; past it the connection is closed
 * @param maxConnections          client connections open on this node; one more is closed at once
 * @param maxConnectionsPerClient client connections open on this node from one IP address; one more is closed at once
 */
public record ListenerLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount, long maxBodyBytes,
                             Duration headerTimeout, Duration idleTimeout, int maxConnections,
                             int maxConnectionsPerClient) {

  /** Twice Netty's 4 KiB, as nginx allows: long query strings from real clients fit. */
  public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8 * 1024;

  /** Twice Vert.x's 8 KiB: room for a few large cookies or tokens. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

  /** Apache httpd's {@code LimitRequestFields}. */
  public static final int DEFAULT_MAX_HEADER_COUNT = 100;

  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  /** HAProxy's commonly advised {@code timeout http-request}. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  /** nginx's {@code keepalive_timeout} is 75 s; most clients drop idle connections sooner. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /** High enough for an office behind one NAT address, low enough that one client cannot take a node's share. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 512;

  public static final ListenerLimits DEFAULTS = new ListenerLimits(DEFAULT_MAX_REQUEST_LINE_BYTES,
    DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_BODY_BYTES, DEFAULT_HEADER_TIMEOUT,
    DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_CLIENT);

  public ListenerLimits {
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    atLeastOne("maxRequestLineBytes", maxRequestLineBytes);
    atLeastOne("maxHeaderBytes", maxHeaderBytes);
    atLeastOne("maxHeaderCount", maxHeaderCount);
    atLeastOne("maxBodyBytes", maxBodyBytes);
    atLeastOne("headerTimeout", headerTimeout.toMillis());
    atLeastOne("idleTimeout", idleTimeout.toMillis());
    atLeastOne("maxConnections", maxConnections);
    atLeastOne("maxConnectionsPerClient", maxConnectionsPerClient);
  }

  private static void atLeastOne(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1)");
    }
  }

  public ListenerLimits withMaxRequestLineBytes(int max) {
    return new ListenerLimits(max, maxHeaderBytes, maxHeaderCount, maxBodyBytes, headerTimeout, idleTimeout,
      maxConnections, maxConnectionsPerClient);
  }

  public ListenerLimits withMaxHeaderBytes(int max) {
    return new ListenerLimits(maxRequestLineBytes, max, maxHeaderCount, maxBodyBytes, headerTimeout, idleTimeout,
      maxConnections, maxConnectionsPerClient);
  }

  public ListenerLimits withMaxHeaderCount(int max) {
    return new ListenerLimits(maxRequestLineBytes, maxHeaderBytes, max, maxBodyBytes, headerTimeout, idleTimeout,
      maxConnections, maxConnectionsPerClient);
  }

  public ListenerLimits withMaxBodyBytes(long max) {
    return new ListenerLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, max, headerTimeout, idleTimeout,
      maxConnections, maxConnectionsPerClient);
  }

  public ListenerLimits withHeaderTimeout(Duration timeout) {
    return new ListenerLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, timeout,
      idleTimeout, maxConnections, maxConnectionsPerClient);
  }

  public ListenerLimits withIdleTimeout(Duration timeout) {
    return new ListenerLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, headerTimeout,
      timeout, maxConnections, maxConnectionsPerClient);
  }

  public ListenerLimits withMaxConnections(int max, int perClient) {
    return new ListenerLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, headerTimeout,
      idleTimeout, max, perClient);
  }
}
