package dev.pharos.edge.proxy;

import dev.pharos.edge.compression.CompressionStage;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.edge.routing.LiveRouteTable;
import io.vertx.core.http.HttpClient;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;

/**
 * Assembles the stages every request passes through. Request hooks run top to bottom, response hooks bottom to top;
 * a stage that answers by itself (404, 503, ...) sends its answer back up through the stages above it.
 *
 * <pre>
 *   client ──► ObserverStage          tell the observer how each request ended, the edge's answers included
 *              CloseOnRefusalStage    close the connection after a refusal (413, 431)
 *              HopByHopStage          strip hop-by-hop headers, both ways
 *              ServedByStage          X-Served-By on every response
 *              RequestIdStage         keep or make X-Request-Id, both ways
 *              HeaderCountStage       431 too many header fields
 *              RouteMatchStage        400 bad path, 404 no route; rewrite the path; absolute-form by its authority
 *              RateLimitStage         429 over the route's rate limit; RateLimit-Policy and RateLimit headers
 *              BodyLimitStage         413 body over the route's limit, declared or streamed
 *              ForwardedHeadersStage  X-Forwarded-*, Forwarded as trustedProxies allow; Host as routed
 *              CompressionStage       gzip or br the response as the client accepts (when compression is on)
 *              UpstreamStage          503 no target, 502/504 upstream failures
 *              TargetOrigin       ──► target
 * </pre>
 *
 * <p>Requests the HTTP decoder refuses (request line or header block too long, malformed syntax) never reach these
 * stages: {@link InvalidRequestHandler} answers them. Nor do requests {@link RequestIntegrity} finds ambiguous, which
 * {@link EdgeVerticle} refuses the same way.
 */
public final class EdgePipeline {

  private EdgePipeline() {
  }

  /**
   * @param client   the verticle's own client; its pool decides how many connections each target gets
   * @param observer told how each request ended, on the request's event loop
   * @param limiter  the node's rate limiter, shared by its event loops
   * @return the handler for the listener's requests
   */
  public static HttpProxy create(ProxySettings settings, LiveRouteTable routes, HttpClient client,
                                 EdgeObserver observer, RateLimiter limiter) {
    // WebSocket upgrades would skip every stage; until they are routed like other requests they are refused as
    // plain requests (Upgrade is hop-by-hop and never forwarded).
    HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
      .addInterceptor(new ObserverStage(observer))
      .addInterceptor(new CloseOnRefusalStage())
      .addInterceptor(new HopByHopStage())
      .addInterceptor(new ServedByStage(settings.nodeName()))
      .addInterceptor(new RequestIdStage())
      .addInterceptor(new HeaderCountStage(settings.limits().maxHeaderCount()))
      .addInterceptor(new RouteMatchStage(routes))
      .addInterceptor(new RateLimitStage(limiter))
      .addInterceptor(new BodyLimitStage(settings.limits().maxBodyBytes()))
      .addInterceptor(new ForwardedHeadersStage(settings.trustedProxies()));
    if (settings.compression().enabled()) {
      proxy.addInterceptor(new CompressionStage(settings.compression()));
    }
    return proxy
      .addInterceptor(new UpstreamStage())
      .origin(new TargetOrigin());
  }
}
