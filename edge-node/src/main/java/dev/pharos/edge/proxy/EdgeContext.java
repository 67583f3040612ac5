package dev.pharos.edge.proxy;

import dev.pharos.edge.ratelimit.RateLimitDecision;
import dev.pharos.edge.routing.RequestPath;
import dev.pharos.edge.routing.RouteMatch;
import dev.pharos.edge.upstream.Endpoint;
import dev.pharos.model.Target;
import io.vertx.httpproxy.ProxyContext;

/**
 * The per-request state stages hand to each other, kept in the {@link ProxyContext} attachments under typed keys. It
 * lives and dies with the request and is only touched on the request's event loop.
 */
final class EdgeContext {

  /** The id sent upstream and returned as {@code X-Request-Id}; set by {@link RequestIdStage}. */
  static final Key<String> REQUEST_ID = new Key<>("pharos.requestId", String.class);

  /** The route the request matched; set by {@link RouteMatchStage}. */
  static final Key<RouteMatch> ROUTE_MATCH = new Key<>("pharos.routeMatch", RouteMatch.class);

  /** The outcome of the route's rate limits, whose headers every response carries; set by {@link RateLimitStage}. */
  static final Key<RateLimitDecision> RATE_LIMIT = new Key<>("pharos.rateLimit", RateLimitDecision.class);

  /** The normalised path and query the client asked for, before stripPrefix; set by {@link RouteMatchStage}. */
  static final Key<RequestPath> CLIENT_PATH = new Key<>("pharos.clientPath", RequestPath.class);

  /** The upstream target the request is sent to, the last one tried; set by {@link UpstreamStage}. */
  static final Key<Target> TARGET = new Key<>("pharos.target", Target.class);

  /** The endpoint of {@link #TARGET}, whose counts {@link TargetOrigin} keeps; set by {@link UpstreamStage}. */
  static final Key<Endpoint> ENDPOINT = new Key<>("pharos.endpoint", Endpoint.class);

  /**
   * Whether the current attempt got a connection to its target, so something may have been sent; set by
   * {@link TargetOrigin}.
   */
  static final Key<Boolean> CONNECTED = new Key<>("pharos.connected", Boolean.class);

  /** Further attempts after the first; set by {@link UpstreamStage} when it retries. */
  static final Key<Integer> RETRIES = new Key<>("pharos.retries", Integer.class);

  /**
   * Whether the client left (reset its stream or closed its connection) before its response was complete, as far as
   * the exchange with the target is concerned; set by {@link TargetOrigin}.
   */
  static final Key<Boolean> CLIENT_LEFT = new Key<>("pharos.clientLeft", Boolean.class);

  /** Why the edge refused the request and closes its connection; set by {@link EdgeError#refuse}. */
  static final Key<EdgeError> REFUSAL = new Key<>("pharos.refusal", EdgeError.class);

  private EdgeContext() {
  }

  /** A typed name for one attachment. */
  record Key<T>(String name, Class<T> type) {

    /** The value, or null when no stage has set it. */
    T get(ProxyContext context) {
      return context.get(name, type);
    }

    void set(ProxyContext context, T value) {
      context.set(name, value);
    }
  }
}
