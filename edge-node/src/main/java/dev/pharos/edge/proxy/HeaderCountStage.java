package dev.pharos.edge.proxy;

import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.Map;

/**
 * Refuses with 431 a request carrying more header fields than the limit, repeated names counted each time. Netty
 * bounds the header block's size but not its field count.
 */
final class HeaderCountStage implements ProxyInterceptor {

  private final int maxHeaderCount;

  HeaderCountStage(int maxHeaderCount) {
    this.maxHeaderCount = maxHeaderCount;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    int count = 0;
    for (Map.Entry<String, String> ignored : context.request().proxiedRequest().headers()) {
      if (++count > maxHeaderCount) {
        return EdgeError.TOO_MANY_HEADERS.refuse(context);
      }
    }
    return context.sendRequest();
  }
}
