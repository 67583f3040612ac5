package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.RouteMatch;
import dev.pharos.edge.upstream.Endpoint;
import dev.pharos.edge.upstream.OutlierDetector;
import dev.pharos.edge.upstream.RequestFacts;
import dev.pharos.edge.upstream.StickySessions;
import dev.pharos.model.Retries;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks the upstream target and sends the request there through {@link TargetOrigin}, retrying on other targets as
 * the route's {@link Retries} allow. Answers 503 when the upstream has no usable target, 503 with {@code Retry-After}
 * when the chosen target is at a limit of the upstream's circuit breaker (and sends no retry to such a target), and
 * turns a failed exchange into the answer {@link EdgeError#ofUpstreamFailure} gives, before the library would turn it
 * into an empty 502.
 *
 * <p>A request whose sticky cookie names a target of the upstream goes there first; otherwise the upstream's policy
 * chooses, and on a sticky upstream the response of the target that answered carries the cookie that pins the client
 * to it.
 *
 * <p>Each attempt opens a request to the target {@link EdgeContext#target} names through {@link TargetOrigin} and sends
 * it with {@link TargetExchange}, in place of the library's last hop. A retry is sent only when the first attempt's
 * body cannot have reached a target: nothing was sent (no connection), or the request has no body. A discarded answer's body is
 * drained, so its connection goes back to the pool.
 *
 * <p>Each attempt counts as in flight to its target from the moment it is sent until the target's exchange ends: the
 * last byte of the response is received, the exchange fails or times out, or the client leaves and the library resets
 * it. That is the target's load, which least-requests and random-two read.
 *
 * <p>On an upstream with outlier detection, how each attempt ended is told to its {@link OutlierDetector}: the
 * target's answer status, or a failure that is the target's (no connection, a reset or a timeout, before or during the
 * response body). A refusal of the edge's own, a full connection pool or a client that left count for nothing.
 */
final class UpstreamStage implements ProxyInterceptor {

  private static final Logger LOG = System.getLogger(UpstreamStage.class.getName());
  private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
    HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

  private final RetryBudget budget = new RetryBudget();
  private final LogThrottle failureLog = new LogThrottle();
  private final TargetOrigin origin;
  private final TrustedProxies trustedProxies;

  UpstreamStage(TargetOrigin origin, TrustedProxies trustedProxies) {
    this.origin = origin;
    this.trustedProxies = trustedProxies;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    EdgeContext edge = EdgeContext.of(context);
    RouteMatch match = edge.routeMatch;
    RequestFacts facts = new ServerRequestFacts(edge.client);
    StickySessions sticky = match.sticky();
    Endpoint pinned = sticky == null ? null : sticky.pinned(facts);
    Endpoint first = pinned != null ? pinned : match.targets().next(facts);
    if (first == null) {
      return EdgeError.NO_TARGET.respond(context);
    }
    if (first.isOverLimit()) {
      return EdgeError.TARGET_OVER_LIMIT.respond(context);
    }
    ForwardedHeadersStage.apply(context.request().headers(), edge.client, context.request().getAuthority(),
      trustedProxies);
    Exchange exchange = new Exchange(context, edge, match, facts);
    budget.requestStarted();
    Future<ProxyResponse> answered = exchange.attempt(first);
    return answered.transform(ended -> {
      budget.requestEnded();
      if (ended.succeeded()) {
        Endpoint last = exchange.current;
        if (sticky != null && last != pinned) {
          ended.result().headers().add(HttpHeaders.SET_COOKIE, sticky.setCookie(last));
        }
        return answered;
      }
      Throwable failure = ended.cause();
      EdgeError refusal = edge.refusal;
      if (refusal != null) {
        // A stage refused the body on its way and the library reset the exchange: not the target's fault.
        return refusal.answer(context);
      }
      EdgeError error = EdgeError.ofUpstreamFailure(failure);
      if (clientClosed(edge)) {
        // The client left first and the library reset the upstream exchange: not the target's fault.
        LOG.log(Level.DEBUG, () -> edge.requestId + " client closed before target "
          + exchange.current.target().address() + " answered");
      } else {
        long leftOut = failureLog.admit(System.nanoTime());
        if (leftOut >= 0) {
          LOG.log(Level.WARNING, () -> edge.requestId + " route " + match.route().id()
            + " target " + exchange.current.target().address() + ": " + error.status + " after " + failure
            + (leftOut == 0 ? "" : " (" + leftOut + " more upstream failures not logged since the last line)"));
        }
      }
      return error.respond(context);
    });
  }

  private static boolean clientClosed(EdgeContext edge) {
    return edge.clientLeft || edge.client.response().closed();
  }

  /** The attempts of one request, on its event loop. */
  private final class Exchange {

    private final ProxyContext context;
    private final EdgeContext edge;
    private final RouteMatch match;
    private final RequestFacts facts;
    private final Retries retries;
    private final Set<Endpoint> tried = new HashSet<>();
    private Endpoint current;

    Exchange(ProxyContext context, EdgeContext edge, RouteMatch match, RequestFacts facts) {
      this.context = context;
      this.edge = edge;
      this.match = match;
      this.facts = facts;
      this.retries = match.route().retryPolicy();
    }

    Future<ProxyResponse> attempt(Endpoint endpoint) {
      current = endpoint;
      tried.add(endpoint);
      edge.target = endpoint.target();
      edge.endpoint = endpoint;
      edge.connected = false;
      endpoint.acquire();
      Future<ProxyResponse> result = origin.send(context);
      return result.transform(ended -> {
        endWhenDone(endpoint, ended);
        String outcome = outcome(ended);
        Endpoint next = outcome != null && mayRetry(outcome) ? match.targets().nextUntried(facts, tried) : null;
        if (next == null || next.isOverLimit() || !budget.tryRetry(retries.budgetPercent())) {
          return result;
        }
        if (ended.succeeded()) {
          ended.result().proxiedResponse().resume();
        }
        if (edge.connected) {
          // The request has no body, and the library has already read the client's end of it.
          context.request().setBody(noBody());
        }
        int count = tried.size();
        edge.retries = count;
        LOG.log(Level.DEBUG, () -> edge.requestId + " retry " + count + " on "
          + next.target().address() + " after " + outcome + " from " + endpoint.target().address());
        Future<ProxyResponse> retried = attempt(next);
        retried.onComplete(retryEnded -> budget.retryEnded());
        return retried;
      });
    }

    /** What went wrong, as {@link Retries#on} names it, or null when the outcome is the client's answer. */
    private String outcome(AsyncResult<ProxyResponse> ended) {
      if (ended.succeeded()) {
        int status = ended.result().getStatusCode();
        return status >= 502 && status <= 504 ? Integer.toString(status) : null;
      }
      if (edge.refusal != null || clientClosed(edge)) {
        return null;
      }
      if (!edge.connected) {
        return Retries.CONNECT_FAILURE;
      }
      boolean timedOut = EdgeError.ofUpstreamFailure(ended.cause()) == EdgeError.UPSTREAM_TIMEOUT;
      return timedOut ? Retries.TIMEOUT : Retries.RESET;
    }

    /**
     * A response from the target is done when its body has been received, or has failed; any other outcome (no
     * response, or an answer from a later stage) ends the exchange at once.
     */
    private void endWhenDone(Endpoint endpoint, AsyncResult<ProxyResponse> result) {
      OutlierDetector outliers = match.outliers();
      HttpClientResponse fromTarget = result.succeeded() ? result.result().proxiedResponse() : null;
      if (fromTarget == null) {
        endpoint.release();
        if (outliers != null && result.failed() && isTargetsFault(result.cause())) {
          outliers.failed(endpoint, describe(result.cause()));
        }
        return;
      }
      if (outliers != null) {
        outliers.answered(endpoint, fromTarget.statusCode());
      }
      fromTarget.end().onComplete(ended -> {
        endpoint.release();
        if (outliers != null && ended.failed() && isTargetsFault(ended.cause())) {
          outliers.failed(endpoint, describe(ended.cause()));
        }
      });
    }

    private boolean isTargetsFault(Throwable failure) {
      return edge.refusal == null && !clientClosed(edge)
        && EdgeError.ofUpstreamFailure(failure) != EdgeError.UPSTREAM_BUSY;
    }

    private boolean mayRetry(String outcome) {
      if (tried.size() > retries.attempts() || !retries.retriesOn(outcome)) {
        return false;
      }
      return outcome.equals(Retries.CONNECT_FAILURE) || isIdempotentWithoutBody(edge.client);
    }
  }

  private static boolean isIdempotentWithoutBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return IDEMPOTENT.contains(request.method()) && !request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
      && (length == null || length.equals("0"));
  }

  /**
   * An empty body of unknown length: the library then sends neither {@code Content-Length} nor a chunked body, as for
   * the client's bodiless request, and ends the request at once.
   */
  private static Body noBody() {
    return Body.body(Body.body(Buffer.buffer()).stream(), -1);
  }

  private static String describe(Throwable failure) {
    return EdgeError.ofUpstreamFailure(failure) == EdgeError.UPSTREAM_TIMEOUT ? "timeout"
      : String.valueOf(failure.getMessage());
  }
}
