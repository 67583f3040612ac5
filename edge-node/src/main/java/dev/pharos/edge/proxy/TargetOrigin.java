package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.RouteMatch;
import dev.pharos.edge.upstream.Endpoint;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import dev.pharos.model.UpstreamProtocol;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

import java.util.Locale;

/**
 * Opens the request to the target {@link UpstreamStage} chose, with the client for the upstream's protocol, bounded by
 * the route's timeouts: the connect timeout covers waiting for a pooled connection as well as opening one, the
 * response timeout is the longest silence allowed from the target until its response's head, and the idle timeout the
 * longest silence while its body streams ({@link IdleTimedBody}). The request counts as waiting for a connection to the
 * target until it has one or has failed to get one.
 *
 * <p>Two headers the proxy library would get wrong are settled here, where the upstream's protocol is known:
 * {@code TE: trailers} (the one TE value HTTP/2 allows, which gRPC servers expect) is kept for HTTP/2 targets; and an
 * HTTP/2 client's body of unknown length is streamed (chunked to an HTTP/1.1 target), where the library would refuse
 * to send it: it streams such a body only when the client's request says chunked, which HTTP/2 requests never do.
 */
final class TargetOrigin {

  private static final VertxException CLIENT_LEFT =
    new VertxException("the client closed before a connection to the target was obtained", true);
  private static final CharSequence TE = HttpHeaders.createOptimized("te");
  private static final String TRAILERS = "trailers";

  private final UpstreamClients clients;

  TargetOrigin(UpstreamClients clients) {
    this.clients = clients;
  }

  /** Opens the request to the target {@link EdgeContext#endpoint} names and sends it with {@link TargetExchange}. */
  Future<ProxyResponse> send(ProxyContext context) {
    EdgeContext edge = EdgeContext.of(context);
    Endpoint endpoint = edge.endpoint;
    Target target = endpoint.target();
    RouteMatch match = edge.routeMatch;
    Timeouts timeouts = match.route().timeouts();
    UpstreamProtocol protocol = match.upstream().protocol();
    HttpServerRequest client = context.request().proxiedRequest();
    if (client.version() == HttpVersion.HTTP_2 && !client.isEnded()
      && !client.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      // Read by the library alone, never sent: the request to the target is framed by its own protocol.
      client.headers().set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
    }
    boolean trailers = protocol != UpstreamProtocol.HTTP_1_1 && asksForTrailers(client);
    endpoint.connecting();
    return clients.forProtocol(protocol).request(new RequestOptions()
      .setServer(SocketAddress.inetSocketAddress(target.port(), target.host()))
      .setConnectTimeout(timeouts.connectMs())
      .setIdleTimeout(timeouts.responseMs()))
      .compose(request -> {
        endpoint.connected();
        // A client that left while the connection was being obtained (its request failed to decode, or it closed)
        // will never send the rest of its body, and the library, which listens for that only once it sends, would
        // wait for it until the route's response timeout, holding the target's connection.
        if (edge.client.response().closed()) {
          request.reset();
          return Future.failedFuture(CLIENT_LEFT);
        }
        edge.connected = true;
        if (trailers) {
          request.putHeader(TE, TRAILERS);
        }
        return TargetExchange.send(context, request, clients.silences(), timeouts.idleMs());
      }, failure -> {
        endpoint.connected();
        return Future.failedFuture(failure);
      });
  }

  private static boolean asksForTrailers(HttpServerRequest client) {
    String te = client.getHeader(TE);
    return te != null && te.toLowerCase(Locale.ROOT).contains(TRAILERS);
  }
}
