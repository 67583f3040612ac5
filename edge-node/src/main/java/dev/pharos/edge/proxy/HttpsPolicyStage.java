package dev.pharos.edge.proxy;

import dev.pharos.model.Route;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
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
final class HttpsPolicyStage implements ProxyInterceptor {

  static final CharSequence STRICT_TRANSPORT_SECURITY = HttpHeaders.createOptimized("strict-transport-security");
  private static final int DEFAULT_HTTPS_PORT = 443;

  private final TrustedProxies trustedProxies;
  private final IntSupplier httpsPort;

  /** @param httpsPort the port redirects name: the node's HTTPS listener, or 443 when it has none */
  HttpsPolicyStage(TrustedProxies trustedProxies, IntSupplier httpsPort) {
    this.trustedProxies = trustedProxies;
    this.httpsPort = httpsPort;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    Route route = EdgeContext.ROUTE_MATCH.get(context).route();
    if (!route.httpsRedirect() && route.hsts() == null) {
      return context.sendRequest();
    }
    HttpServerRequest client = context.request().proxiedRequest();
    boolean secure = arrivedOverTls(client);
    if (route.httpsRedirect() && !secure) {
      HostAndPort authority = context.request().getAuthority();
      if (authority == null) {
        // An HTTP/1.0 request without Host: there is no name to redirect to.
        return EdgeError.BAD_REQUEST.respond(context);
      }
      String location = httpsLocation(client, authority);
      ProxyResponse redirect = context.request().release().response()
        .setStatusCode(308)
        .putHeader(HttpHeaders.LOCATION, location)
        .setBody(Body.body(Buffer.buffer()));
      return Future.succeededFuture(redirect);
    }
    if (route.hsts() == null || !secure) {
      return context.sendRequest();
    }
    String hsts = route.hsts().headerValue();
    return context.sendRequest().map(response -> response.putHeader(STRICT_TRANSPORT_SECURITY, hsts));
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
