package dev.pharos.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;

/**
 * Removes hop-by-hop headers (RFC 9110 §7.6.1) in both directions: the standard ones and every header the
 * {@code Connection} header names. The proxy library strips only part of the standard set from requests, and nothing
 * from responses.
 *
 * <p>Framing is unaffected: the library frames each side from the body it sees, not from these headers.
 */
final class HopByHopStage implements ProxyInterceptor {

  private static final List<CharSequence> STANDARD = List.of(
    HttpHeaders.CONNECTION,
    HttpHeaders.KEEP_ALIVE,
    HttpHeaders.createOptimized("proxy-connection"),
    HttpHeaders.PROXY_AUTHENTICATE,
    HttpHeaders.PROXY_AUTHORIZATION,
    HttpHeaders.createOptimized("te"),
    HttpHeaders.createOptimized("trailer"),
    HttpHeaders.TRANSFER_ENCODING,
    HttpHeaders.UPGRADE);

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    strip(context.request().headers());
    // The response is cleaned as it arrives, before any response hook runs, so that an upstream's Connection header
    // cannot name (and so remove) a header that a later hook adds, such as X-Request-Id.
    return context.sendRequest().map(response -> {
      strip(response.headers());
      return response;
    });
  }

  static void strip(MultiMap headers) {
    for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String name : connection.split(",")) {
        headers.remove(name.trim());
      }
    }
    for (CharSequence name : STANDARD) {
      headers.remove(name);
    }
  }
}
