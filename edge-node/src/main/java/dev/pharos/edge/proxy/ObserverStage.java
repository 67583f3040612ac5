package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.RouteMatch;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Tells the {@link EdgeObserver} how each request ended. First in the chain, so it sees every request the stages see,
 * the edge's own answers included, and its response hook runs last, once the target's response head has arrived.
 * The request ends in the server response's end handler, which Vert.x calls once: when the response ends, or when
 * the connection closes before it does.
 */
final class ObserverStage implements ProxyInterceptor {

  private static final EdgeContext.Key<Observation> OBSERVATION =
    new EdgeContext.Key<>("pharos.observation", Observation.class);

  private final EdgeObserver observer;

  ObserverStage(EdgeObserver observer) {
    this.observer = observer;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    Observation observation = new Observation(context);
    OBSERVATION.set(context, observation);
    context.request().proxiedRequest().response().endHandler(observation);
    return context.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    if (EdgeContext.TARGET.get(context) != null) {
      OBSERVATION.get(context).upstreamAnswered();
    }
    return context.sendResponse();
  }

  /** One request's timings; touched on its event loop only. */
  private final class Observation implements Handler<Void> {

    private final ProxyContext context;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private long upstreamNanos = -1;

    Observation(ProxyContext context) {
      this.context = context;
    }

    void upstreamAnswered() {
      upstreamNanos = System.nanoTime() - startNanos;
    }

    @Override
    public void handle(Void ended) {
      long totalNanos = System.nanoTime() - startNanos;
      HttpServerRequest request = context.request().proxiedRequest();
      HttpServerResponse response = request.response();
      HostAndPort authority = request.authority();
      SocketAddress client = request.remoteAddress();
      RouteMatch match = EdgeContext.ROUTE_MATCH.get(context);
      observer.requestEnded(new FinishedRequest(startMillis, EdgeContext.REQUEST_ID.get(context),
        client == null ? null : client.hostAddress(), request.method(),
        authority == null ? null : authority.toString(), request.path(),
        response.ended() ? response.getStatusCode() : FinishedRequest.CLIENT_CLOSED,
        request.bytesRead(), response.bytesWritten(), totalNanos, upstreamNanos,
        match == null ? null : match.route().id(), EdgeContext.TARGET.get(context), retries()));
    }

    private int retries() {
      Integer retries = EdgeContext.RETRIES.get(context);
      return retries == null ? 0 : retries;
    }
  }
}
