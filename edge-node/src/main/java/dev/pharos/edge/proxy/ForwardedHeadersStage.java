package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

/**
 * Tells the upstream who the client is and what it asked for, and sends the authority the request was routed by as
 * {@code Host} (the library would otherwise send the target's address, which breaks virtual-hosted upstreams).
 *
 * <p>From a {@linkplain TrustedProxies trusted proxy} the client's address is appended to {@code X-Forwarded-For}, and
 * the proxy's {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code Forwarded} are kept, since they describe
 * the hop it terminated. From anyone else they are values the client made up, which the upstream would take for the
 * edge's: {@code Forwarded} is dropped and the others describe the hop the edge terminated. {@code X-Served-By} names
 * the edge only in its answers, so an incoming one is always dropped.
 */
final class ForwardedHeadersStage {

  static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("x-forwarded-for");
  static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("x-forwarded-proto");
  static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("x-forwarded-host");
  static final CharSequence FORWARDED = HttpHeaders.createOptimized("forwarded");
  private static final CharSequence HTTP = HttpHeaders.createOptimized("http");
  private static final CharSequence HTTPS = HttpHeaders.createOptimized("https");

  private ForwardedHeadersStage() {
  }

  /**
   * Sets the forwarding headers of a request to send upstream.
   *
   * @param headers   the headers to send, changed in place
   * @param client    the client's request
   * @param authority the authority the request was routed by; null when it had none
   */
  static void apply(MultiMap headers, HttpServerRequest client, HostAndPort authority, TrustedProxies trustedProxies) {
    String clientIp = client.remoteAddress().hostAddress();
    headers.remove(ServedByStage.X_SERVED_BY);
    if (trustedProxies.trusts(clientIp)) {
      // Several X-Forwarded-For lines are one list (RFC 9110 §5.3).
      String prior = String.join(", ", headers.getAll(X_FORWARDED_FOR));
      headers.set(X_FORWARDED_FOR, prior.isEmpty() ? clientIp : prior + ", " + clientIp);
      if (!headers.contains(X_FORWARDED_PROTO)) {
        headers.set(X_FORWARDED_PROTO, proto(client));
      }
      if (!headers.contains(X_FORWARDED_HOST) && authority != null) {
        headers.set(X_FORWARDED_HOST, authority.toString());
      }
    } else {
      headers.remove(FORWARDED);
      headers.set(X_FORWARDED_FOR, clientIp);
      headers.set(X_FORWARDED_PROTO, proto(client));
      if (authority == null) {
        headers.remove(X_FORWARDED_HOST);
      } else {
        headers.set(X_FORWARDED_HOST, authority.toString());
      }
    }
  }

  private static CharSequence proto(HttpServerRequest client) {
    return client.isSSL() ? HTTPS : HTTP;
  }
}
