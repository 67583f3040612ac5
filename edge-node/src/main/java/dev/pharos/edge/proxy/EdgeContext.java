package dev.pharos.edge.proxy;

import dev.pharos.edge.ratelimit.RateLimitDecision;
import dev.pharos.edge.routing.RequestPath;
import dev.pharos.edge.routing.RouteMatch;
import dev.pharos.edge.upstream.Endpoint;
import dev.pharos.model.Target;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.ProxyContext;

/**
 * One request's state, made by {@link EdgePipeline} before any stage runs and handed to the stages: directly to the
 * ones it calls before the proxy library, through one attachment of the library's {@link ProxyContext} to those that
 * run inside it. It lives and dies with the request and is only touched on the request's event loop.
 *
 * <p>The stages before the library only decide; what they decided is applied to the library's request by
 * {@link FrontStage}. A decision to answer without the target is one of {@link #refusal}, {@link #answer} or
 * {@link #redirect}; the first stage that makes one ends the deciding.
 */
final class EdgeContext {

  private static final String ATTACHMENT = "pharos.edge";

  final HttpServerRequest client;
  /** When the request reached the pipeline. */
  final long startMillis = System.currentTimeMillis();
  final long startNanos = System.nanoTime();
  /** From {@link #startNanos} until the target's response head arrived; -1 until then. */
  long upstreamNanos = -1;

  /** The id sent upstream and returned as {@code X-Request-Id}; set by {@link RequestIdStage}. */
  String requestId;

  /** The route the request matched; set by {@link RouteMatchStage}. */
  RouteMatch routeMatch;
  /** The normalised path and query the client asked for, before stripPrefix; set by {@link RouteMatchStage}. */
  RequestPath clientPath;
  /** The authority the request is routed by, sent upstream as Host; null for none. Set by {@link RouteMatchStage}. */
  HostAndPort authority;

  /** The {@code Strict-Transport-Security} every answer carries; null for none. Set by {@link HttpsPolicyStage}. */
  String hsts;
  /** The https location the request is redirected to with 308; set by {@link HttpsPolicyStage}. */
  String redirect;

  /** The outcome of the route's rate limits, whose headers every response carries; set by {@link RateLimitStage}. */
  RateLimitDecision rateLimit;

  /** Whether the pipeline paused the client's request while a stage decided; resumed by whoever answers it. */
  boolean paused;

  /** The body limit the client's streamed body is counted against; -1 when it is not counted. */
  long streamedBodyLimit = -1;

  /** The edge's own answer, after which the connection stays open; set by the stage that decides it. */
  EdgeError answer;
  /** Why the edge refused the request and closes its connection; set by {@link EdgeError#refuse}. */
  EdgeError refusal;

  /** The upstream target the request is sent to, the last one tried; set by {@link UpstreamStage}. */
  Target target;
  /** The endpoint of {@link #target}, whose counts {@link TargetOrigin} keeps; set by {@link UpstreamStage}. */
  Endpoint endpoint;
  /**
   * Whether the current attempt got a connection to its target, so something may have been sent; set by
   * {@link TargetOrigin}.
   */
  boolean connected;
  /** Further attempts after the first; set by {@link UpstreamStage} when it retries. */
  int retries;
  /**
   * Whether the client left (reset its stream or closed its connection) before its response was complete, as far as
   * the exchange with the target is concerned; set by {@link TargetExchange}.
   */
  boolean clientLeft;

  EdgeContext(HttpServerRequest client) {
    this.client = client;
  }

  /** The request's state, which {@link FrontStage} attached first. */
  static EdgeContext of(ProxyContext context) {
    return context.get(ATTACHMENT, EdgeContext.class);
  }

  void attachTo(ProxyContext context) {
    context.set(ATTACHMENT, this);
  }

  /** Whether a stage before the library decided to answer the request itself. */
  boolean answered() {
    return answer != null || refusal != null || redirect != null;
  }
}
