package dev.pharos.edge.proxy;

import dev.pharos.edge.ratelimit.RateLimitDecision;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.model.Route;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Applies the matched route's {@code rateLimit}: answers 429 with {@code Retry-After} when a limit has no token for
 * the request, and sends {@code RateLimit-Policy} and {@code RateLimit} on every response of a limited route, the 429
 * included. Routes without limits pass straight through.
 */
final class RateLimitStage {

  static final String POLICY = "RateLimit-Policy";
  static final String STATE = "RateLimit";

  private final RateLimiter limiter;

  RateLimitStage(RateLimiter limiter) {
    this.limiter = limiter;
  }

  /**
   * Asks the limiter about the request; hand the outcome to {@link #decided}.
   *
   * @return null when the route has no limits
   */
  Future<RateLimitDecision> check(EdgeContext edge) {
    Route route = edge.routeMatch.route();
    if (route.rateLimit() == null) {
      return null;
    }
    return limiter.check(route, new ServerRequestFacts(edge.client));
  }

  /** @return false when the request is answered: over a limit, or the limiter failed (502) */
  static boolean decided(EdgeContext edge, AsyncResult<RateLimitDecision> checked) {
    if (checked.failed()) {
      edge.answer = EdgeError.UPSTREAM_FAILED;
      return false;
    }
    RateLimitDecision decision = checked.result();
    edge.rateLimit = decision;
    if (decision.admitted()) {
      return true;
    }
    edge.answer = EdgeError.RATE_LIMITED;
    return false;
  }

  /** The 429 {@link #decided} chose; {@link #addTo} adds the limits' headers with every other answer's. */
  static Future<ProxyResponse> refuse(ProxyContext context, RateLimitDecision decision) {
    return EdgeError.RATE_LIMITED.respond(context).map(response ->
      response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds())));
  }

  static void addTo(MultiMap headers, EdgeContext edge) {
    RateLimitDecision decision = edge.rateLimit;
    if (decision != null) {
      headers.set(POLICY, decision.policy());
      headers.set(STATE, decision.state());
    }
  }
}
