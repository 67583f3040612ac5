package dev.pharos.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The library's first stage: what the stages {@link EdgePipeline} ran before the library decided, applied to the
 * request the library made and to every response on its way back.
 *
 * <p>On the way in it attaches the request's {@link EdgeContext}, gives the edge's own answer when a stage decided
 * one, and otherwise strips hop-by-hop headers, sends the request id upstream, points the request at the route's
 * forward path and counts a streamed body against its limit. On the way back it adds the headers every answer
 * carries ({@link #addHeaders}); after a refusal it sends
 * {@code Connection: close} and closes the connection once the answer is sent (RFC 9112 §9.6): the client's body was
 * left unread, and the rest of it must not be taken for the next request.
 */
final class FrontStage implements ProxyInterceptor {

  private final ServedByStage servedBy;
  // Owned by the event loop of the verticle whose pipeline this is: the request being handed to the library, which
  // calls this stage at once from HttpProxy.handle.
  private EdgeContext handedOver;

  FrontStage(ServedByStage servedBy) {
    this.servedBy = servedBy;
  }

  /** Hands the request to {@code proxy}, whose first stage this is. */
  void enter(HttpProxy proxy, EdgeContext edge) {
    handedOver = edge;
    try {
      proxy.handle(edge.client);
    } finally {
      handedOver = null;
    }
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    EdgeContext edge = handedOver;
    handedOver = null;
    edge.attachTo(context);
    if (edge.answered()) {
      return answer(context, edge);
    }
    ProxyRequest request = context.request();
    HopByHopStage.strip(request.headers());
    request.putHeader(RequestIdStage.X_REQUEST_ID, edge.requestId);
    RouteMatchStage.rewrite(request, edge);
    BodyLimitStage.countStreamed(request, edge);
    return context.sendRequest();
  }

  private static Future<ProxyResponse> answer(ProxyContext context, EdgeContext edge) {
    if (edge.refusal != null) {
      return edge.refusal.answer(context);
    }
    if (edge.redirect != null) {
      return HttpsPolicyStage.redirect(context, edge.redirect);
    }
    if (edge.answer == EdgeError.RATE_LIMITED) {
      return RateLimitStage.refuse(context, edge.rateLimit);
    }
    return edge.answer.respond(context);
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    EdgeContext edge = EdgeContext.of(context);
    ObserverStage.upstreamAnswered(edge);
    addHeaders(edge, context.response().headers());
    if (edge.refusal == null) {
      return context.sendResponse();
    }
    HttpServerRequest client = edge.client;
    client.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    return context.sendResponse().onComplete(sent -> client.connection().close());
  }

  /** The headers every answer carries, the target's, the cache's and the edge's own. */
  void addHeaders(EdgeContext edge, MultiMap headers) {
    if (edge.hsts != null) {
      headers.set(HttpsPolicyStage.STRICT_TRANSPORT_SECURITY, edge.hsts);
    }
    RateLimitStage.addTo(headers, edge);
    RequestIdStage.addTo(headers, edge);
    servedBy.addTo(headers);
  }
}
