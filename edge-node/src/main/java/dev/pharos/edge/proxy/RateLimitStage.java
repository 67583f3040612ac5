package dev.pharos.edge.proxy;

import dev.pharos.edge.ratelimit.RateLimitDecision;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.edge.routing.RouteMatch;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Applies the matched route's {@code rateLimit}: answers 429 with {@code Retry-After} when a limit has no token for
 * the request, and sends {@code RateLimit-Policy} and {@code RateLimit} on every response of a limited route, the 429
 * included. Routes without limits pass straight through.
 */
final class RateLimitStage implements ProxyInterceptor {

  static final String POLICY = "RateLimit-Policy";
  static final String STATE = "RateLimit";

  private final RateLimiter limiter;

  RateLimitStage(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    RouteMatch match = EdgeContext.ROUTE_MATCH.get(context);
    if (match.route().rateLimit() == null) {
      return context.sendRequest();
    }
    return limiter.check(match.route(), new ServerRequestFacts(context.request().proxiedRequest()))
      .compose(decision -> {
        EdgeContext.RATE_LIMIT.set(context, decision);
        if (decision.admitted()) {
          return context.sendRequest();
        }
        return EdgeError.RATE_LIMITED.respond(context).map(response -> {
          response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
          addHeaders(response.headers(), decision);
          return response;
        });
      });
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    RateLimitDecision decision = EdgeContext.RATE_LIMIT.get(context);
    if (decision != null) {
      addHeaders(context.response().headers(), decision);
    }
    return context.sendResponse();
  }

  private static void addHeaders(MultiMap headers, RateLimitDecision decision) {
    headers.set(POLICY, decision.policy());
    headers.set(STATE, decision.state());
  }
}
