package dev.pharos.edge.proxy;

import dev.pharos.edge.cache.ClusterCache;
import dev.pharos.edge.compression.CompressionStage;
import dev.pharos.edge.ratelimit.RateLimitDecision;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.model.UpstreamProtocol;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;

import java.util.function.IntSupplier;

/**
 * The stages every request passes through. The first ones decide, as plain calls on the request's
 * {@link EdgeContext}, before the proxy library makes anything of the request; a hit on this node's copy of a cached
 * response is answered there and never enters the library. Every other request goes through the library's chain,
 * whose request hooks run top to bottom and response hooks bottom to top; a stage that answers by itself (404, 503,
 * ...) sends its answer back up through the stages above it.
 *
 * <pre>
 *   client ──► ObserverStage          tell the observer how each request ended, the edge's answers included
 *              RequestIdStage         keep or make X-Request-Id, both ways
 *              HeaderCountStage       431 too many header fields
 *              RouteMatchStage        400 bad path, 404 no route; rewrite the path; absolute-form by its authority
 *              HttpsPolicyStage       308 to https for httpsRedirect routes; Strict-Transport-Security over TLS
 *              RateLimitStage         429 over the route's rate limit; RateLimit-Policy and RateLimit headers
 *              BodyLimitStage         413 body over the route's limit, declared or streamed
 *              CacheStage             a fresh hit on this node's hot copy, answered here
 *   ─ proxy library ─────────────────
 *              FrontStage             the decisions above applied: the edge's answers (closing the connection
 *                                     after a refusal), hop-by-hop headers stripped, the request id and forward
 *                                     path sent; X-Served-By, X-Request-Id, RateLimit, HSTS on every answer
 *              CacheStage             on caching routes: answer from the cluster's cache, collapse misses, store
 *                                     responses on their way back, invalidate after unsafe methods; X-Cache
 *              CompressionStage       gzip or br the response as the client accepts (when compression is on)
 *              UpstreamStage          503 no target, 502/504 upstream failures; ForwardedHeadersStage's
 *                                     X-Forwarded-*, Forwarded as trustedProxies allow; Host as routed
 *              TargetOrigin           a request to the target, with the client for the upstream's protocol
 *              TargetExchange     ──► target: sends it and hands back the target's answer, its hop-by-hop
 *                                     headers stripped (HopByHopStage), its trailers passed on (TrailersStage)
 * </pre>
 *
 * <p>Requests the HTTP decoder refuses (request line or header block too long, malformed syntax) never reach these
 * stages: {@link InvalidRequestHandler} answers them. Nor do requests {@link RequestIntegrity} finds ambiguous, which
 * {@link EdgeVerticle} refuses the same way. WebSocket upgrades take their own way, {@link WebSocketProxy}, which
 * routes them the same way and then carries frames rather than one request and response.
 */
final class EdgePipeline implements Handler<HttpServerRequest> {

  private final ObserverStage observer;
  private final HeaderCountStage headerCount;
  private final RouteMatchStage routeMatch;
  private final HttpsPolicyStage httpsPolicy;
  private final RateLimitStage rateLimit;
  private final BodyLimitStage bodyLimit;
  // Null when the node has no cache.
  private final CacheStage cache;
  private final FrontStage front;
  private final HttpProxy proxy;

  private EdgePipeline(ProxySettings settings, LiveRouteTable routes, UpstreamClients clients,
                       IntSupplier httpsPort, EdgeObserver observer, RateLimiter limiter, ClusterCache cache) {
    this.observer = new ObserverStage(observer);
    this.headerCount = new HeaderCountStage(settings.limits().maxHeaderCount());
    this.routeMatch = new RouteMatchStage(routes);
    this.httpsPolicy = new HttpsPolicyStage(settings.trustedProxies(), httpsPort);
    this.rateLimit = new RateLimitStage(limiter);
    this.bodyLimit = new BodyLimitStage(settings.limits().maxBodyBytes());
    this.cache = cache == null ? null : new CacheStage(cache);
    this.front = new FrontStage(new ServedByStage(settings.nodeName()));
    // WebSocket upgrades never reach the library (EdgeVerticle hands them to WebSocketProxy): its own upgrade path
    // would skip the stages and pipe raw bytes with no backpressure, idle timeout or close frame.
    HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false),
        clients.forProtocol(UpstreamProtocol.HTTP_1_1))
      .addInterceptor(front);
    if (this.cache != null) {
      proxy.addInterceptor(this.cache);
    }
    if (settings.compression().enabled()) {
      proxy.addInterceptor(new CompressionStage(settings.compression()));
    }
    this.proxy = proxy.addInterceptor(new UpstreamStage(new TargetOrigin(clients), settings.trustedProxies()));
  }

  /**
   * @param clients   the verticle's own clients; their pools decide how many connections each target gets
   * @param httpsPort the port that redirects name
   * @param observer  told how each request ended, on the request's event loop
   * @param limiter   the node's rate limiter, shared by its event loops
   * @param cache     the cluster's cache; null leaves CacheStage out, and caching routes are proxied as others
   * @return the handler for the listener's requests, on one event loop
   */
  static EdgePipeline create(ProxySettings settings, LiveRouteTable routes, UpstreamClients clients,
                             IntSupplier httpsPort, EdgeObserver observer, RateLimiter limiter,
                             ClusterCache cache) {
    return new EdgePipeline(settings, routes, clients, httpsPort, observer, limiter, cache);
  }

  @Override
  public void handle(HttpServerRequest request) {
    EdgeContext edge = new EdgeContext(request);
    observer.observe(edge);
    RequestIdStage.assign(edge);
    if (!headerCount.admits(edge) || !routeMatch.match(edge) || !httpsPolicy.admits(edge)) {
      front.enter(proxy, edge);
      return;
    }
    Future<RateLimitDecision> limited = rateLimit.check(edge);
    if (limited == null) {
      admitted(edge);
    } else if (limited.isComplete()) {
      rateLimited(edge, limited);
    } else {
      // The library pauses the request once it has it; until then no body byte may be lost.
      request.pause();
      edge.paused = true;
      limited.onComplete(checked -> rateLimited(edge, checked));
    }
  }

  private void rateLimited(EdgeContext edge, AsyncResult<RateLimitDecision> checked) {
    if (RateLimitStage.decided(edge, checked)) {
      admitted(edge);
    } else {
      front.enter(proxy, edge);
    }
  }

  private void admitted(EdgeContext edge) {
    if (!bodyLimit.admits(edge) || cache == null || !cache.servedHotCopy(edge, front)) {
      front.enter(proxy, edge);
    }
  }
}
