package dev.pharos.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;

/** Names this node in {@code X-Served-By} on every response, replacing any value the upstream sent. */
final class ServedByStage implements ProxyInterceptor {

  static final CharSequence X_SERVED_BY = HttpHeaders.createOptimized("x-served-by");

  private final CharSequence nodeName;

  ServedByStage(String nodeName) {
    this.nodeName = HttpHeaders.createOptimized(nodeName);
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    context.response().putHeader(X_SERVED_BY, nodeName);
    return context.sendResponse();
  }
}
