package dev.pharos.admin;

import java.time.Duration;
import java.util.Objects;

/**
 * The admin listener's settings, frozen at start.
 *
 * @param host             interface to bind; {@link #DEFAULT_HOST} keeps the API off the network
 * @param port             TCP port, 0 for any free port (see {@link AdminVerticle#actualPort()})
 * @param token            bearer token every {@code /api/v1} request must carry, or null for no authentication,
 *                         which is allowed only on a loopback host
 * @param tokenName        who the config history says made a change with {@code token}; without a token it
 *                         records {@link dev.pharos.model.ChangeOrigin#ANONYMOUS}
 * @param maxBodyBytes     largest request body accepted; a larger one answers 413
 * @param applyWaitTimeout how long a write with {@code ?wait=applied} waits for every member when the request does
 *                         not say ({@code timeoutMs})
 * @param eventsInterval   how often {@code /api/v1/events} sends the cluster's members and target health
 * @param maxEventStreams  event streams open at once on this listener; one more answers 429
 */
public record AdminConfig(String host, int port, String token, String tokenName, long maxBodyBytes,
                          Duration applyWaitTimeout, Duration eventsInterval, int maxEventStreams) {

  /** {@code PHAROS_ADMIN_HOST} when unset: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** {@code PHAROS_ADMIN_PORT} when unset. */
  public static final int DEFAULT_PORT = 9090;

  /** {@code PHAROS_ADMIN_TOKEN_NAME} when unset. */
  public static final String DEFAULT_TOKEN_NAME = "admin";

  /** 4 MiB: a whole config of 10,000 routes (about 2 MiB of JSON) fits; anything much larger is a mistake. */
  public static final long DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Long enough for a healthy cluster to apply a change, short enough to fail a deploy script visibly. */
  public static final Duration DEFAULT_APPLY_WAIT_TIMEOUT = Duration.ofSeconds(10);

  /** Members report their request rate every 2 s; sending it more often would show nothing new. */
  public static final Duration DEFAULT_EVENTS_INTERVAL = Duration.ofSeconds(2);

  /** A few operators with a few tabs each; each stream holds a connection and a little memory for good. */
  public static final int DEFAULT_MAX_EVENT_STREAMS = 16;

  /**
   * @throws IllegalArgumentException if a value is out of range, or if there is no token on a host other than a
   *                                  loopback address (an unauthenticated admin API must not face the network)
   */
  public AdminConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(applyWaitTimeout, "applyWaitTimeout");
    Objects.requireNonNull(eventsInterval, "eventsInterval");
    if (tokenName == null || tokenName.isBlank()) {
      throw new IllegalArgumentException("tokenName: '" + tokenName + "' (expected: a name such as "
        + DEFAULT_TOKEN_NAME + ")");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("token: blank (expected: null for no authentication, or a secret)");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: >= 1)");
    }
    if (applyWaitTimeout.isNegative() || applyWaitTimeout.isZero()) {
      throw new IllegalArgumentException("applyWaitTimeout: " + applyWaitTimeout + " (expected: > 0)");
    }
    if (eventsInterval.toMillis() < 1) {
      throw new IllegalArgumentException("eventsInterval: " + eventsInterval + " (expected: >= 1 ms)");
    }
    if (maxEventStreams < 0) {
      throw new IllegalArgumentException("maxEventStreams: " + maxEventStreams + " (expected: >= 0)");
    }
    if (token == null && !isLoopback(host)) {
      throw new IllegalArgumentException("token: none on admin host " + host
        + " (expected: a token, or a loopback host such as " + DEFAULT_HOST + ")");
    }
  }

  /** These settings with the default event streams. */
  public AdminConfig(String host, int port, String token, String tokenName, long maxBodyBytes,
                     Duration applyWaitTimeout) {
    this(host, port, token, tokenName, maxBodyBytes, applyWaitTimeout, DEFAULT_EVENTS_INTERVAL,
      DEFAULT_MAX_EVENT_STREAMS);
  }

  /** The defaults with the given listener and token; {@code token} may be null on a loopback host. */
  public static AdminConfig of(String host, int port, String token) {
    return new AdminConfig(host, port, token, DEFAULT_TOKEN_NAME, DEFAULT_MAX_BODY_BYTES, DEFAULT_APPLY_WAIT_TIMEOUT);
  }

  /** This config with other event-stream settings. */
  public AdminConfig withEvents(Duration interval, int maxStreams) {
    return new AdminConfig(host, port, token, tokenName, maxBodyBytes, applyWaitTimeout, interval, maxStreams);
  }

  /** Looks at the literal only: resolving a name here would block, and a name could resolve elsewhere later. */
  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }
}
