package dev.pharos.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Tells the upstream who the client is and what it asked for: appends the client's address to
 * {@code X-Forwarded-For}, sets {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}, and keeps the client's
 * {@code Host} (the library would otherwise send the target's address, which breaks virtual-hosted upstreams).
 *
 * <p>Proto and Host are replaced, not appended: they describe the hop the edge terminated, which a client cannot
 * vouch for.
 */
final class ForwardedHeadersStage implements ProxyInterceptor {

  static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("x-forwarded-for");
  static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("x-forwarded-proto");
  static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("x-forwarded-host");
  private static final CharSequence HTTP = HttpHeaders.createOptimized("http");
  private static final CharSequence HTTPS = HttpHeaders.createOptimized("https");

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    HttpServerRequest client = context.request().proxiedRequest();
    MultiMap headers = context.request().headers();
    String clientIp = client.remoteAddress().hostAddress();
    // Several X-Forwarded-For lines are one list (RFC 9110 §5.3).
    String prior = String.join(", ", headers.getAll(X_FORWARDED_FOR));
    headers.set(X_FORWARDED_FOR, prior.isEmpty() ? clientIp : prior + ", " + clientIp);
    headers.set(X_FORWARDED_PROTO, client.isSSL() ? HTTPS : HTTP);
    HostAndPort authority = client.authority();
    if (authority == null) {
      headers.remove(X_FORWARDED_HOST);
    } else {
      headers.set(X_FORWARDED_HOST, authority.toString());
      context.request().setAuthority(authority);
    }
    return context.sendRequest();
  }
}
