package dev.pharos.edge.proxy;

import dev.pharos.edge.upstream.Endpoint;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;

/**
 * Opens the request to the target {@link UpstreamStage} chose, bounded by the route's timeouts: the connect timeout
 * covers waiting for a pooled connection as well as opening one, and the response timeout is the longest silence
 * allowed from the target until its last response byte. The request counts as waiting for a connection to the target
 * until it has one or has failed to get one.
 */
final class TargetOrigin implements OriginRequestProvider {

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
      .onSuccess(request -> {
        EdgeContext.CONNECTED.set(context, true);
        // Registered before the library's own handler of the response, so it runs first.
        request.response().onSuccess(OriginCacheControl::setAsideIfUnreadable);
      });
  }
}
