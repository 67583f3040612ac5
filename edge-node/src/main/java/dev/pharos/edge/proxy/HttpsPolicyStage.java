package dev.pharos.edge.proxy;

import dev.pharos.model.Route;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

import java.util.function.IntSupplier;

/**
 * A route's HTTPS policy. With {@code httpsRedirect}, a request that did not arrive over TLS is answered 308 (method
 * and body kept, RFC 9110 §15.4.9) to the same host, path and query on https, at the node's HTTPS port (left out when
 * it is 443). With {@code hsts}, every answer sent over TLS carries the route's {@code Strict-Transport-Security},
 * replacing the upstream's; over cleartext none is added, as browsers ignore it there (RFC 6797 §7.2).
 *
 * <p>A request counts as arriving over TLS when the edge terminated it, or when a {@linkplain TrustedProxies trusted
 * proxy} that did says so with {@code X-Forwarded-Proto: https}.
 */
final class HttpsPolicyStage {

  static final CharSequence STRICT_TRANSPORT_SECURITY = HttpHeaders.createOptimized("strict-transport-security");
  private static final int DEFAULT_HTTPS_PORT = 443;

  private final TrustedProxies trustedProxies;
  private final IntSupplier httpsPort;

  /** @param httpsPort the port redirects name: the node's HTTPS listener, or 443 when it has none */
  HttpsPolicyStage(TrustedProxies trustedProxies, IntSupplier httpsPort) {
    this.trustedProxies = trustedProxies;
    this.httpsPort = httpsPort;
  }

  /** @return false when the request is answered: redirected, or refused for want of a host to redirect to */
  boolean admits(EdgeContext edge) {
    Route route = edge.routeMatch.route();
    if (!route.httpsRedirect() && route.hsts() == null) {
      return true;
    }
    HttpServerRequest client = edge.client;
    boolean secure = arrivedOverTls(client);
    if (route.httpsRedirect() && !secure) {
      if (edge.authority == null) {
        // An HTTP/1.0 request without Host: there is no name to redirect to.
        edge.answer = EdgeError.BAD_REQUEST;
      } else {
        edge.redirect = httpsLocation(client, edge.authority);
      }
      return false;
    }
    if (route.hsts() != null && secure) {
      edge.hsts = route.hsts().headerValue();
    }
    return true;
  }

  /** The redirect {@link #admits} decided. */
  static Future<ProxyResponse> redirect(ProxyContext context, String location) {
    ProxyResponse redirect = context.request().release().response()
      .setStatusCode(308)
      .putHeader(HttpHeaders.LOCATION, location)
      .setBody(Body.body(Buffer.buffer()));
    return Future.succeededFuture(redirect);
  }

  private boolean arrivedOverTls(HttpServerRequest client) {
    if (client.isSSL()) {
      return true;
    }
    String proto = client.getHeader(ForwardedHeadersStage.X_FORWARDED_PROTO);
    return proto != null && proto.trim().equalsIgnoreCase("https")
      && trustedProxies.trusts(client.remoteAddress().hostAddress());
  }

  private String httpsLocation(HttpServerRequest client, HostAndPort authority) {
    RequestTarget target = RequestTarget.of(client.uri(), client.authority());
    String path = target == null ? "/" : target.originForm();
    int port = httpsPort.getAsInt();
    return "https://" + authority.host() + (port == DEFAULT_HTTPS_PORT ? "" : ":" + port) + path;
  }
}
