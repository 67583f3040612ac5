package dev.pharos.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;

/**
 * Closes the client connection once the answer to a {@linkplain EdgeError#refuse refused} request is sent, and says
 * so with {@code Connection: close} (RFC 9112 §9.6). The client's body was left unread, and the rest of it must not
 * be taken for the next request. Above {@link HopByHopStage}, which would strip the header.
 */
final class CloseOnRefusalStage implements ProxyInterceptor {

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    if (EdgeContext.REFUSAL.get(context) == null) {
      return context.sendResponse();
    }
    HttpServerRequest client = context.request().proxiedRequest();
    client.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    return context.sendResponse().onComplete(sent -> client.connection().close());
  }
}
