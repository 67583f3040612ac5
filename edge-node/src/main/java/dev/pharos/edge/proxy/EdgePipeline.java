package dev.pharos.edge.proxy;

import dev.pharos.edge.compression.CompressionStage;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.cache.ClusterCache;
import dev.pharos.model.UpstreamProtocol;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;

import java.util.function.IntSupplier;

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
 *              HttpsPolicyStage       308 to https for httpsRedirect routes; Strict-Transport-Security over TLS
 *              RateLimitStage         429 over the route's rate limit; RateLimit-Policy and RateLimit headers
 *              BodyLimitStage         413 body over the route's limit, declared or streamed
 *              CacheStage             on caching routes: answer from the cluster's cache, collapse misses, store
 *                                     responses on their way back, invalidate after unsafe methods; X-Cache
 *              ForwardedHeadersStage  X-Forwarded-*, Forwarded as trustedProxies allow; Host as routed
 *              CompressionStage       gzip or br the response as the client accepts (when compression is on)
 *              TrailersStage          pass the target's trailers on (gRPC status)
 *              UpstreamStage          503 no target, 502/504 upstream failures
 *              TargetOrigin           a request to the target, with the client for the upstream's protocol
 *              TargetExchange     ──► target: sends it and hands back the target's answer
 * </pre>
 *
 * <p>Requests the HTTP decoder refuses (request line or header block too long, malformed syntax) never reach these
 * stages: {@link InvalidRequestHandler} answers them. Nor do requests {@link RequestIntegrity} finds ambiguous, which
 * {@link EdgeVerticle} refuses the same way. WebSocket upgrades take their own way, {@link WebSocketProxy}, which
 * routes them the same way and then carries frames rather than one request and response.
 */
public final class EdgePipeline {

  private EdgePipeline() {
  }

  /**
   * @param clients   the verticle's own clients; their pools decide how many connections each target gets
   * @param httpsPort the port that redirects to https name
   * @param observer  told how each request ended, on the request's event loop
   * @param limiter   the node's rate limiter, shared by its event loops
   * @param cache     the cluster's cache; null leaves CacheStage out, and caching routes are proxied as others
   * @return the handler for the listener's requests
   */
  static HttpProxy create(ProxySettings settings, LiveRouteTable routes, UpstreamClients clients,
                          IntSupplier httpsPort, EdgeObserver observer, RateLimiter limiter,
                          ClusterCache cache) {
    // WebSocket upgrades never reach the library (EdgeVerticle hands them to WebSocketProxy): its own upgrade path
    // would skip the stages and pipe raw bytes with no backpressure, idle timeout or close frame.
    HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false),
        clients.forProtocol(UpstreamProtocol.HTTP_1_1))
      .addInterceptor(new ObserverStage(observer))
      .addInterceptor(new CloseOnRefusalStage())
      .addInterceptor(new HopByHopStage())
      .addInterceptor(new ServedByStage(settings.nodeName()))
      .addInterceptor(new RequestIdStage())
      .addInterceptor(new HeaderCountStage(settings.limits().maxHeaderCount()))
      .addInterceptor(new RouteMatchStage(routes))
      .addInterceptor(new HttpsPolicyStage(settings.trustedProxies(), httpsPort))
      .addInterceptor(new RateLimitStage(limiter))
      .addInterceptor(new BodyLimitStage(settings.limits().maxBodyBytes()));
    if (cache != null) {
      proxy.addInterceptor(new CacheStage(cache));
    }
    proxy.addInterceptor(new ForwardedHeadersStage(settings.trustedProxies()));
    if (settings.compression().enabled()) {
      proxy.addInterceptor(new CompressionStage(settings.compression()));
    }
    return proxy
      .addInterceptor(new TrailersStage())
      .addInterceptor(new UpstreamStage(new TargetOrigin(clients)));
  }
}
