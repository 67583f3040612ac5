package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.RouteMatch;
import dev.pharos.edge.upstream.Endpoint;
import dev.pharos.edge.upstream.RequestFacts;
import dev.pharos.edge.upstream.StickySessions;
import dev.pharos.model.Target;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Picks the upstream target and sends the request there through {@link TargetOrigin}. Answers 503 when the upstream
 * has no usable target, and turns a failed exchange into the answer {@link EdgeError#ofUpstreamFailure} gives,
 * before the library would turn it into an empty 502.
 *
 * <p>A request whose sticky cookie names a target of the upstream goes there; otherwise the upstream's policy
 * chooses, and on a sticky upstream the target's response carries the cookie that pins the client to it.
 *
 * <p>The request counts as in flight to its target from the moment it is sent until the target's exchange ends:
 * the last byte of the response is received, the exchange fails or times out, or the client leaves and the library
 * resets it. That is the target's load, which least-requests and random-two read.
 */
final class UpstreamStage implements ProxyInterceptor {

  private static final Logger LOG = System.getLogger(UpstreamStage.class.getName());

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    RouteMatch match = EdgeContext.ROUTE_MATCH.get(context);
    RequestFacts facts = new ServerRequestFacts(context.request().proxiedRequest());
    StickySessions sticky = match.sticky();
    Endpoint pinned = sticky == null ? null : sticky.pinned(facts);
    Endpoint endpoint = pinned != null ? pinned : match.targets().next(facts);
    if (endpoint == null) {
      return EdgeError.NO_TARGET.respond(context);
    }
    Target target = endpoint.target();
    EdgeContext.TARGET.set(context, target);
    String setCookie = sticky != null && pinned == null ? sticky.setCookie(endpoint) : null;

    endpoint.acquire();
    Future<ProxyResponse> exchange = context.sendRequest();
    exchange.onComplete(result -> releaseWhenDone(endpoint, result));
    return exchange.map(response -> {
      if (setCookie != null) {
        response.headers().add(HttpHeaders.SET_COOKIE, setCookie);
      }
      return response;
    }).recover(failure -> {
      EdgeError refusal = EdgeContext.REFUSAL.get(context);
      if (refusal != null) {
        // A stage refused the body on its way and the library reset the exchange: not the target's fault.
        return refusal.answer(context);
      }
      EdgeError error = EdgeError.ofUpstreamFailure(failure);
      if (context.request().proxiedRequest().response().closed()) {
        // The client left first and the library reset the upstream exchange: not the target's fault.
        LOG.log(Level.DEBUG, () -> EdgeContext.REQUEST_ID.get(context) + " client closed before target "
          + target.address() + " answered");
      } else {
        LOG.log(Level.WARNING, () -> EdgeContext.REQUEST_ID.get(context) + " route " + match.route().id()
          + " target " + target.address() + ": " + error.status + " after " + failure);
      }
      return error.respond(context);
    });
  }

  /**
   * A response from the target is done when its body has been received, or has failed; any other outcome (no
   * response, or an answer from a later stage) ends the exchange at once.
   */
  private static void releaseWhenDone(Endpoint endpoint, AsyncResult<ProxyResponse> result) {
    HttpClientResponse fromTarget = result.succeeded() ? result.result().proxiedResponse() : null;
    if (fromTarget == null) {
      endpoint.release();
    } else {
      fromTarget.end().onComplete(ended -> endpoint.release());
    }
  }
}
