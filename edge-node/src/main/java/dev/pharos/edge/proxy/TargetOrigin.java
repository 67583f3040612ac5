package dev.pharos.edge.proxy;

import dev.pharos.edge.upstream.Endpoint;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;

/**
 * Opens the request to the target {@link UpstreamStage} chose, bounded by the route's timeouts: the connect timeout
 * covers waiting for a pooled connection as well as opening one, the response timeout is the longest silence allowed
 * from the target until its response's head, and the idle timeout the longest silence while its body streams (the
 * client's timer is re-armed with it when the head arrives, and restarts on every byte). The request counts as
 * waiting for a connection to the target until it has one or has failed to get one.
 */
final class TargetOrigin implements OriginRequestProvider {

  private static final VertxException CLIENT_LEFT =
    new VertxException("the client closed before a connection to the target was obtained", true);

  @Override
  public Future<HttpClientRequest> create(ProxyContext context) {
    Endpoint endpoint = EdgeContext.ENDPOINT.get(context);
    Target target = endpoint.target();
    Timeouts timeouts = EdgeContext.ROUTE_MATCH.get(context).route().timeouts();
    endpoint.connecting();
    return context.client().request(new RequestOptions()
      .setServer(SocketAddress.inetSocketAddress(target.port(), target.host()))
      .setConnectTimeout(timeouts.connectMs())
      .setIdleTimeout(timeouts.responseMs()))
      .onComplete(request -> endpoint.connected())
      .compose(request -> unlessClientLeft(context, request))
      .onSuccess(request -> {
        EdgeContext.CONNECTED.set(context, true);
        if (timeouts.idleMs() != timeouts.responseMs()) {
          request.response().onSuccess(head -> request.idleTimeout(timeouts.idleMs()));
        }
      });
  }

  /**
   * A client that left while the connection to the target was being obtained (its request failed to decode, or it
   * closed) will never send the rest of its body, and the library, which listens for that only once it sends, would
   * wait for it until the route's response timeout, holding the target's connection. Such a request is reset at once.
   */
  private static Future<HttpClientRequest> unlessClientLeft(ProxyContext context, HttpClientRequest request) {
    if (context.request().proxiedRequest().response().closed()) {
      request.reset();
      return Future.failedFuture(CLIENT_LEFT);
    }
    return Future.succeededFuture(request);
  }
}
