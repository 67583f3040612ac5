package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.RouteMatch;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/**
 * Tells the {@link EdgeObserver} how each request ended. First in the chain, so it sees every request the stages see,
 * the edge's own answers and the cache's included. The request ends in the server response's end handler, which
 * Vert.x calls once: when the response ends, or when the connection closes before it does.
 */
final class ObserverStage {

  private final EdgeObserver observer;

  ObserverStage(EdgeObserver observer) {
    this.observer = observer;
  }

  void observe(EdgeContext edge) {
    edge.client.response().endHandler(ended -> observer.requestEnded(finished(edge)));
  }

  /** The target's response head arrived; measured once the stages below have passed it on. */
  static void upstreamAnswered(EdgeContext edge) {
    if (edge.target != null) {
      edge.upstreamNanos = System.nanoTime() - edge.startNanos;
    }
  }

  private static FinishedRequest finished(EdgeContext edge) {
    long totalNanos = System.nanoTime() - edge.startNanos;
    HttpServerRequest request = edge.client;
    HttpServerResponse response = request.response();
    HostAndPort authority = request.authority();
    SocketAddress client = request.remoteAddress();
    RouteMatch match = edge.routeMatch;
    return new FinishedRequest(edge.startMillis, edge.requestId, client == null ? null : client.hostAddress(),
      request.method(), authority == null ? null : authority.toString(), request.path(),
      response.ended() ? response.getStatusCode() : FinishedRequest.CLIENT_CLOSED,
      request.bytesRead(), response.bytesWritten(), totalNanos, edge.upstreamNanos,
      match == null ? null : match.route().id(), edge.target, edge.retries);
  }
}
